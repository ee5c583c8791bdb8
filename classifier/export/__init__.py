"""The export room: ONNX files from a model directory, and their agreement with PyTorch fp32."""
