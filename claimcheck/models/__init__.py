"""The models: the sentence embedder (torch, ONNX int8, process pool, Ray), the mpnet base
install, and the cross-encoder that the NLI judge and the reranker are built on; shipped
weights live in the folders beside these modules."""
