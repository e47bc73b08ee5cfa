"""Packaging glue that pyproject.toml cannot express (all other metadata is in pyproject.toml).

The repository keeps its data at the top (``scenarios/``, ``assets/``); the wheel and the
sdist carry those folders inside the package as ``game/_data/scenarios`` and
``game/_data/assets``, where game/resources.py reads them through importlib.resources.
"""

from setuptools import find_packages, setup

DATA_PACKAGES = {"game._data.scenarios": "scenarios", "game._data.assets": "assets"}

setup(
    packages=find_packages(include=["game", "game.*"]) + list(DATA_PACKAGES),
    package_dir=DATA_PACKAGES,
)
