"""Packaging glue that pyproject.toml cannot express (all other metadata is in pyproject.toml).

The repository keeps its data at the top (``scenarios/``, ``assets/``); the wheel and the
sdist carry those folders, with every file and sub-folder in them, inside the package as
``game/_data/scenarios`` and ``game/_data/assets``, where game/resources.py reads them
through importlib.resources. Each data folder is declared as a package so setuptools
copies it (and does not warn that it would be left out).
"""

import os

from setuptools import find_packages, setup

DATA_ROOTS = {"game._data.scenarios": "scenarios", "game._data.assets": "assets"}


def data_packages() -> dict[str, str]:
    """{package name: folder} for each data folder and each folder below it."""
    found = {}
    for package, root in DATA_ROOTS.items():
        for folder, subfolders, _ in os.walk(root):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith((".", "__")))
            relative = os.path.relpath(folder, root)
            found[package if relative == "." else f"{package}.{relative.replace(os.sep, '.')}"] = folder
    return found


DATA = data_packages()

setup(
    packages=find_packages(include=["game", "game.*"]) + list(DATA),
    package_dir=DATA,
    package_data={"game": ["py.typed"], **{package: ["*"] for package in DATA}},
)
