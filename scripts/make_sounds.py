"""Synthesise the window's interface sounds into assets/sounds/ (16-bit mono WAV).

    python scripts/make_sounds.py [--out assets/sounds]

Every sound is made here from sine waves and seeded noise with numpy: no recordings, no
samples from elsewhere, so the game owns them outright. The same script gives the same
files (fixed seeds). assets/sounds/README.md describes each sound; tests check that the
shipped files are what this script makes.
"""

from __future__ import annotations

import argparse
import sys
import wave
from pathlib import Path

import numpy as np

RATE = 22050
REPO = Path(__file__).resolve().parents[1]


def _time(seconds: float) -> np.ndarray:
    return np.arange(int(RATE * seconds)) / RATE


def _tone(freq: float, seconds: float, decay: float, partials: tuple[float, ...] = (1.0, 0.5, 0.25)) -> np.ndarray:
    """A bell-like note: a few harmonics under an exponential decay, with a 5 ms attack."""
    t = _time(seconds)
    wave_ = sum(a * np.sin(2 * np.pi * freq * (k + 1) * t) for k, a in enumerate(partials))
    envelope = np.exp(-t / decay) * np.minimum(1.0, t / 0.005)
    return wave_ * envelope


def _lowpass(signal: np.ndarray, cutoff: float) -> np.ndarray:
    """One-pole low-pass filter (a warm thud from white noise)."""
    alpha = 1 - np.exp(-2 * np.pi * cutoff / RATE)
    out = np.empty_like(signal)
    acc = 0.0
    for i, x in enumerate(signal):
        acc += alpha * (x - acc)
        out[i] = acc
    return out


def _at(total: np.ndarray, part: np.ndarray, start: float) -> np.ndarray:
    i = int(start * RATE)
    total[i:i + len(part)] += part[:len(total) - i]
    return total


def crisis() -> np.ndarray:
    """A new crisis: two low bell notes a semitone apart, the second higher (unease)."""
    total = np.zeros(int(RATE * 0.9))
    _at(total, _tone(293.66, 0.6, 0.18), 0.0)  # D4
    _at(total, _tone(311.13, 0.7, 0.22), 0.22)  # E flat 4
    return total


def decision() -> np.ndarray:
    """A decision: a short stamp (low-passed noise) with a soft woody knock."""
    rng = np.random.default_rng(11)
    t = _time(0.16)
    thud = _lowpass(rng.standard_normal(len(t)), 900) * np.exp(-t / 0.025) * 3
    knock = np.sin(2 * np.pi * 180 * t) * np.exp(-t / 0.04)
    return thud + knock


def war() -> np.ndarray:
    """War: a distant drum roll, low rumbling noise and a 55 Hz swell."""
    rng = np.random.default_rng(1939)
    t = _time(1.4)
    rumble = _lowpass(rng.standard_normal(len(t)), 160) * 4
    envelope = np.minimum(1.0, t / 0.15) * np.exp(-np.maximum(0.0, t - 0.3) / 0.45)
    swell = np.sin(2 * np.pi * 55 * t) * envelope
    beats = np.zeros_like(t)
    for start in (0.0, 0.12, 0.24, 0.5):
        _at(beats, _lowpass(rng.standard_normal(int(RATE * 0.3)), 250) * np.exp(-_time(0.3) / 0.06) * 6, start)
    return rumble * envelope + swell + beats


def ending() -> np.ndarray:
    """The ending: a slow falling arpeggio that settles on a minor chord."""
    total = np.zeros(int(RATE * 2.2))
    for i, freq in enumerate((392.00, 311.13, 261.63, 196.00)):  # G4, E flat 4, C4, G3
        _at(total, _tone(freq, 1.6, 0.5, (1.0, 0.3, 0.1)), i * 0.18)
    return total


SOUNDS = {"crisis": crisis, "decision": decision, "war": war, "ending": ending}
PEAK = 0.7  # of full scale: interface sounds stay quiet


def pcm(samples: np.ndarray) -> bytes:
    """Normalised to PEAK, with 10 ms fades at both ends (no clicks), as 16-bit little-endian."""
    samples = samples / max(1e-9, float(np.max(np.abs(samples)))) * PEAK
    fade = min(len(samples) // 2, int(RATE * 0.01))
    ramp = np.linspace(0.0, 1.0, fade)
    samples[:fade] *= ramp
    samples[len(samples) - fade:] *= ramp[::-1]
    return (np.round(samples * 32767).astype("<i2")).tobytes()


def write(path: Path, samples: np.ndarray) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm(samples))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "assets" / "sounds")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, make in SOUNDS.items():
        write(args.out / f"{name}.wav", make())
        print(f"wrote {args.out / f'{name}.wav'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
