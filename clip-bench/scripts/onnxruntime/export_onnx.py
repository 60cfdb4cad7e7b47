#!/usr/bin/python3
"""Export a HuggingFace-layout CLIP checkpoint to two ONNX files, for the ONNX Runtime reference benchmark.

Written for Debian's python3-torch 1.13 and numpy (run it with /usr/bin/python3): no transformers, no safetensors
package, no onnx package. The model is rebuilt here in plain PyTorch, following HF's modeling_clip.py:

  image.onnx  pixel_values [B, 3, S, S] float32  -> image_embeds [B, P] (CLIPModel.get_image_features)
  text.onnx   input_ids    [B, 77]      int64    -> text_embeds  [B, P] (CLIPModel.get_text_features)

The batch axis is dynamic; the text input has a fixed 77-token context as in OpenAI's own exporter. Text is pooled
at argmax(input_ids): the end token 49407 is the largest id in CLIP's vocabulary (HF's legacy path for configs with
eos_token_id == 2, which is what openai/clip-vit-base-patch32 has).

Usage:
  /usr/bin/python3 export_onnx.py --model DIR --out OUT_DIR            # writes OUT_DIR/{image,text}.onnx
  /usr/bin/python3 export_onnx.py --model DIR --check-golden GOLDEN    # torch forward vs golden embeddings only
  /usr/bin/python3 export_onnx.py --golden-ids GOLDEN --ids-out ids.npy  # golden input_ids padded to [N, 77] int64
  /usr/bin/python3 export_onnx.py --model DIR --write-reference REF      # random inputs + torch embeddings (.npy)
"""
import argparse
import json
import os
import struct
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

CONTEXT = 77
SAFETENSORS_DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64, "I32": np.int32}


def read_safetensors(path):
    """Reads every floating tensor of a .safetensors file as float32 torch tensors (the format: 8-byte little-endian
    header length, a JSON header of {name: {dtype, shape, data_offsets}}, then the raw little-endian data)."""
    with open(path, "rb") as f:
        raw = f.read()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + header_len])
    data = memoryview(raw)[8 + header_len:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = info["dtype"]
        begin, end = info["data_offsets"]
        if dtype == "BF16":
            # bfloat16 is the top half of a float32: widen through uint16 -> uint32 << 16.
            bits = np.frombuffer(data[begin:end], dtype="<u2").astype(np.uint32) << 16
            array = bits.view(np.float32)
        elif dtype in SAFETENSORS_DTYPES:
            array = np.frombuffer(data[begin:end], dtype=np.dtype(SAFETENSORS_DTYPES[dtype]).newbyteorder("<"))
        else:
            raise SystemExit(f"{path}: tensor {name} has unsupported dtype {dtype}")
        array = array.reshape(info["shape"])
        if array.dtype.kind == "f":
            tensors[name] = torch.from_numpy(array.astype(np.float32))  # copy: the buffer is read-only
    return tensors


def quick_gelu(x):
    return x * torch.sigmoid(1.702 * x)


class Attention(nn.Module):
    """HF CLIPAttention: q scaled by head_dim^-0.5, optional additive mask, softmax, out_proj."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.head_dim = width // heads
        self.scale = self.head_dim ** -0.5
        self.q_proj = nn.Linear(width, width)
        self.k_proj = nn.Linear(width, width)
        self.v_proj = nn.Linear(width, width)
        self.out_proj = nn.Linear(width, width)

    def split(self, x, b, t):
        return x.reshape(b, t, self.heads, self.head_dim).transpose(1, 2)  # [B, H, T, D]

    def forward(self, x, mask):  # x: [B, T, W]
        b, t, w = x.shape
        q = self.split(self.q_proj(x) * self.scale, b, t)
        k = self.split(self.k_proj(x), b, t)
        v = self.split(self.v_proj(x), b, t)
        scores = torch.matmul(q, k.transpose(-1, -2))  # [B, H, T, T]
        if mask is not None:
            scores = scores + mask
        probs = torch.softmax(scores, dim=-1)
        out = torch.matmul(probs, v).transpose(1, 2).reshape(b, t, w)  # [B, T, W]
        return self.out_proj(out)


class EncoderLayer(nn.Module):
    """HF CLIPEncoderLayer: pre-LN attention and pre-LN quick_gelu MLP, each with a residual."""

    def __init__(self, width, heads, inner, eps):
        super().__init__()
        self.layer_norm1 = nn.LayerNorm(width, eps=eps)
        self.self_attn = Attention(width, heads)
        self.layer_norm2 = nn.LayerNorm(width, eps=eps)
        self.mlp = nn.Module()
        self.mlp.fc1 = nn.Linear(width, inner)
        self.mlp.fc2 = nn.Linear(inner, width)

    def forward(self, x, mask):
        x = x + self.self_attn(self.layer_norm1(x), mask)
        return x + self.mlp.fc2(quick_gelu(self.mlp.fc1(self.layer_norm2(x))))


class Encoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        eps = cfg.get("layer_norm_eps", 1e-5)
        self.layers = nn.ModuleList(
            EncoderLayer(cfg["hidden_size"], cfg["num_attention_heads"], cfg["intermediate_size"], eps)
            for _ in range(cfg["num_hidden_layers"]))

    def forward(self, x, mask=None):
        for layer in self.layers:
            x = layer(x, mask)
        return x


class VisionModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        width, patch, size = cfg["hidden_size"], cfg["patch_size"], cfg["image_size"]
        eps = cfg.get("layer_norm_eps", 1e-5)
        self.embeddings = nn.Module()
        self.embeddings.class_embedding = nn.Parameter(torch.zeros(width))
        self.embeddings.patch_embedding = nn.Conv2d(cfg.get("num_channels", 3), width, patch, patch, bias=False)
        self.embeddings.position_embedding = nn.Embedding((size // patch) ** 2 + 1, width)
        self.pre_layrnorm = nn.LayerNorm(width, eps=eps)
        self.encoder = Encoder(cfg)
        self.post_layernorm = nn.LayerNorm(width, eps=eps)

    def forward(self, pixel_values):  # [B, C, S, S]
        e = self.embeddings
        patches = e.patch_embedding(pixel_values).flatten(2).transpose(1, 2)  # [B, N, W]
        cls = e.class_embedding.reshape(1, 1, -1).expand(patches.shape[0], 1, -1)  # [B, 1, W]
        x = torch.cat([cls, patches], dim=1) + e.position_embedding.weight  # [B, N+1, W]
        x = self.encoder(self.pre_layrnorm(x))
        return self.post_layernorm(x[:, 0, :])  # [B, W]


class TextModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        width = cfg["hidden_size"]
        self.embeddings = nn.Module()
        self.embeddings.token_embedding = nn.Embedding(cfg["vocab_size"], width)
        self.embeddings.position_embedding = nn.Embedding(cfg["max_position_embeddings"], width)
        self.encoder = Encoder(cfg)
        self.final_layer_norm = nn.LayerNorm(width, eps=cfg.get("layer_norm_eps", 1e-5))
        n = cfg["max_position_embeddings"]
        # HF's causal mask: the float32 minimum above the diagonal, 0 elsewhere.
        mask = torch.triu(torch.full((n, n), torch.finfo(torch.float32).min), diagonal=1)
        self.register_buffer("causal_mask", mask, persistent=False)

    def forward(self, input_ids):  # [B, T] int64
        t = input_ids.shape[1]
        e = self.embeddings
        x = e.token_embedding(input_ids) + e.position_embedding.weight[:t]  # [B, T, W]
        x = self.encoder(x, self.causal_mask[:t, :t])
        x = self.final_layer_norm(x)
        eos = input_ids.argmax(dim=-1)  # [B]: the end token 49407 is the largest id
        index = eos.reshape(-1, 1, 1).expand(-1, 1, x.shape[2])  # [B, 1, W]
        return torch.gather(x, 1, index).squeeze(1)  # [B, W]


class ImageTower(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        vc = cfg["vision_config"]
        self.vision_model = VisionModel(vc)
        self.visual_projection = nn.Linear(vc["hidden_size"], cfg["projection_dim"], bias=False)

    def forward(self, pixel_values):
        return self.visual_projection(self.vision_model(pixel_values))


class TextTower(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        tc = cfg["text_config"]
        self.text_model = TextModel(tc)
        self.text_projection = nn.Linear(tc["hidden_size"], cfg["projection_dim"], bias=False)

    def forward(self, input_ids):
        return self.text_projection(self.text_model(input_ids))


def load_towers(model_dir):
    with open(os.path.join(model_dir, "config.json")) as f:
        cfg = json.load(f)
    weights_path = os.path.join(model_dir, "model.safetensors")
    if not os.path.exists(weights_path):
        raise SystemExit(f"{model_dir}: no model.safetensors")
    weights = read_safetensors(weights_path)
    towers = []
    for tower in (ImageTower(cfg), TextTower(cfg)):
        wanted = tower.state_dict()
        missing = [k for k in wanted if k not in weights]
        if missing:
            raise SystemExit(f"{weights_path}: missing tensors {missing[:5]}{' ...' if len(missing) > 5 else ''}")
        bad = [k for k in wanted if tuple(weights[k].shape) != tuple(wanted[k].shape)]
        if bad:
            raise SystemExit(f"{weights_path}: {bad[0]} has shape {list(weights[bad[0]].shape)}, "
                             f"config.json implies {list(wanted[bad[0]].shape)}")
        tower.load_state_dict({k: weights[k] for k in wanted})
        towers.append(tower.eval())
    return cfg, towers[0], towers[1]


def golden_ids(golden_dir):
    """Golden input_ids (unpadded lists) padded with 0 to [N, 77] int64, as OpenAI's tokenizer pads."""
    with open(os.path.join(golden_dir, "inputs.json")) as f:
        rows = json.load(f)["input_ids"]
    ids = np.zeros((len(rows), CONTEXT), dtype=np.int64)
    for i, row in enumerate(rows):
        ids[i, :len(row)] = row
    return ids


def check_golden(image, text, golden_dir):
    pixels = torch.from_numpy(np.load(os.path.join(golden_dir, "pixel_values.npy")))
    ids = torch.from_numpy(golden_ids(golden_dir))
    with torch.no_grad():
        got_image = image(pixels).numpy()
        got_text = text(ids).numpy()
    d_image = float(np.abs(got_image - np.load(os.path.join(golden_dir, "image_embeds.npy"))).max())
    d_text = float(np.abs(got_text - np.load(os.path.join(golden_dir, "text_embeds.npy"))).max())
    print(f"torch image_embeds max abs diff: {d_image:.3e}")
    print(f"torch text_embeds max abs diff: {d_text:.3e}")
    return max(d_image, d_text)


def write_reference(image, text, cfg, out_dir, n=2):
    """Seeded random inputs and this module's embeddings of them, to check an exported file of any model size
    (e.g. the full-size random ViT-B/32) against PyTorch with OrtBench --inputs/--expect."""
    os.makedirs(out_dir, exist_ok=True)
    g = torch.Generator().manual_seed(7)
    size = cfg["vision_config"]["image_size"]
    pixels = torch.rand(n, 3, size, size, generator=g) * 4 - 2
    ids = torch.randint(1, 49406, (n, CONTEXT), generator=g)
    ids[:, 0] = 49406
    ids[0, 76] = 49407
    ids[1:, 12] = 49407  # a short text too: pooling must pick the end token, not the last position
    ids[1:, 13:] = 0
    arrays = {"pixel_values": pixels, "input_ids": ids, "image_embeds": image(pixels), "text_embeds": text(ids)}
    for name, value in arrays.items():
        np.save(os.path.join(out_dir, name + ".npy"), value.numpy())
    print(f"wrote reference inputs and PyTorch embeddings to {out_dir}")


def export(module, example, input_name, output_name, path):
    # Write to a temp file in the same directory, then rename: no half-written model on failure.
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path) or ".", suffix=".onnx.tmp")
    os.close(fd)
    try:
        with torch.no_grad():
            torch.onnx.export(module, (example,), tmp, opset_version=17, do_constant_folding=True,
                              input_names=[input_name], output_names=[output_name],
                              dynamic_axes={input_name: {0: "batch"}, output_name: {0: "batch"}})
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB)")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", help="HuggingFace-layout CLIP directory (config.json + model.safetensors)")
    p.add_argument("--out", help="directory to write image.onnx and text.onnx into")
    p.add_argument("--check-golden", metavar="DIR", help="compare the torch forward pass with DIR's golden embeddings")
    p.add_argument("--golden-ids", metavar="DIR", help="with --ids-out: write DIR's input_ids padded to 77 as .npy")
    p.add_argument("--ids-out", metavar="FILE")
    p.add_argument("--write-reference", metavar="DIR",
                   help="write seeded random inputs and their PyTorch embeddings as .npy files into DIR")
    args = p.parse_args()

    if args.golden_ids:
        if not args.ids_out:
            p.error("--golden-ids needs --ids-out")
        np.save(args.ids_out, golden_ids(args.golden_ids))
        print(f"wrote {args.ids_out}")
        if not args.model:
            return 0
    if not args.model:
        p.error("--model is required")
    torch.set_grad_enabled(False)
    cfg, image, text = load_towers(args.model)
    status = 0
    if args.check_golden:
        status = 0 if check_golden(image, text, args.check_golden) <= 1e-4 else 1
    if args.write_reference:
        write_reference(image, text, cfg, args.write_reference)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        size = cfg["vision_config"]["image_size"]
        export(image, torch.randn(2, 3, size, size), "pixel_values", "image_embeds",
               os.path.join(args.out, "image.onnx"))
        ids = torch.randint(1, 49406, (2, CONTEXT))
        ids[:, 0], ids[:, 10] = 49406, 49407
        export(text, ids, "input_ids", "text_embeds", os.path.join(args.out, "text.onnx"))
    return status


if __name__ == "__main__":
    sys.exit(main())
