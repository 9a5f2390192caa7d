"""A CLIP dual encoder in the layout of OpenAI's released TorchScript archives, and the archive transforms around it.

Shared by make_vit_b32_standin.py (the full-size ViT-B/32 stand-in) and make_test_archives.py (the small archives
committed as test data). Written for this project from the published architecture description; the parameter names
and shapes are those of OpenAI's CLIP state dicts (visual.conv1.weight, visual.transformer.resblocks.N.attn.in_proj_weight,
token_embedding.weight, text_projection, ...), so a real state dict would load into it.

What is here:
  * ClipLayout        the model: ViT image tower, causal text transformer, encode_image / encode_text / forward;
  * trace_archive()   torch.jit.trace_module of the three methods, saved as one archive;
  * to_openai_fp16()  rewrites a CPU bfloat16 trace into what OpenAI's archives are: traced on CUDA in float16
                      (device constants cuda:0, dtype constants 5 = half, HalfStorage tensors stored for cuda:0);
  * openai_style_cpu_load()  loads such an archive on CPU the way OpenAI's Python loader does (graph patching),
                      an independent check that the rewritten archive is what that loader expects.

Attention is written with plain ops (no nn.MultiheadAttention fast path, no scaled_dot_product_attention), so the
traced graph has no inference-only kernels and stays trainable.
"""

import io
import pickle
import pickletools
import re
import zipfile
from collections import OrderedDict
from dataclasses import dataclass

import torch
import torch.nn as nn

CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]

# TorchScript prints dtypes as c10::ScalarType numbers
HALF, FLOAT, BFLOAT16 = 5, 6, 15


@dataclass(frozen=True)
class Config:
    image_size: int
    patch_size: int
    vision_width: int
    vision_layers: int
    vision_heads: int
    context_length: int
    vocab_size: int
    text_width: int
    text_layers: int
    text_heads: int
    embed_dim: int


# OpenAI's ViT-B/32: 224 px, patch 32, width 768, 12 layers, 12 heads; text 512 wide, 12 layers, 8 heads; 512-d space
VIT_B_32 = Config(224, 32, 768, 12, 12, 77, 49408, 512, 12, 8, 512)
# small enough to commit: 32 px, patch 16; the vocabulary of the project's tiny-clip tokenizer (387 tokens)
TINY = Config(32, 16, 32, 2, 2, 77, 387, 32, 2, 2, 32)
CONFIGS = {"vit-b-32": VIT_B_32, "tiny": TINY}


class LayerNorm(nn.LayerNorm):
    """LayerNorm computed in float32 whatever the input dtype, returned in the input dtype (as in OpenAI's CLIP)."""

    def forward(self, x):
        dtype = x.dtype
        return super().forward(x.type(torch.float32)).type(dtype)


class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class SelfAttention(nn.Module):
    """Multi-head self-attention over [L, N, D] with nn.MultiheadAttention's parameter names, in plain ops."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.in_proj_weight = nn.Parameter(torch.empty(3 * width, width))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * width))
        self.out_proj = nn.Linear(width, width)

    def forward(self, x, mask=None):
        length, batch, width = x.shape
        head_dim = width // self.heads
        q, k, v = nn.functional.linear(x, self.in_proj_weight, self.in_proj_bias).chunk(3, dim=-1)

        def split(t):  # [L, N, D] -> [N * heads, L, head_dim]
            return t.reshape(length, batch * self.heads, head_dim).transpose(0, 1)

        scores = torch.bmm(split(q) * head_dim ** -0.5, split(k).transpose(1, 2))
        if mask is not None:
            scores = scores + mask
        y = torch.bmm(torch.softmax(scores, dim=-1), split(v))
        return self.out_proj(y.transpose(0, 1).reshape(length, batch, width))


class ResidualAttentionBlock(nn.Module):
    def __init__(self, width, heads, attn_mask=None):
        super().__init__()
        self.attn = SelfAttention(width, heads)
        self.ln_1 = LayerNorm(width)
        self.mlp = nn.Sequential(OrderedDict([
            ("c_fc", nn.Linear(width, width * 4)),
            ("gelu", QuickGELU()),
            ("c_proj", nn.Linear(width * 4, width)),
        ]))
        self.ln_2 = LayerNorm(width)
        self.attn_mask = attn_mask  # a plain attribute, so tracing captures it as a constant (as in OpenAI's archives)

    def forward(self, x):
        mask = None if self.attn_mask is None else self.attn_mask.to(dtype=x.dtype, device=x.device)
        x = x + self.attn(self.ln_1(x), mask)
        return x + self.mlp(self.ln_2(x))


class Transformer(nn.Module):
    def __init__(self, width, layers, heads, attn_mask=None):
        super().__init__()
        self.resblocks = nn.Sequential(*[ResidualAttentionBlock(width, heads, attn_mask) for _ in range(layers)])

    def forward(self, x):
        return self.resblocks(x)


class VisionTransformer(nn.Module):
    def __init__(self, c: Config):
        super().__init__()
        grid = c.image_size // c.patch_size
        scale = c.vision_width ** -0.5
        self.conv1 = nn.Conv2d(3, c.vision_width, kernel_size=c.patch_size, stride=c.patch_size, bias=False)
        self.class_embedding = nn.Parameter(scale * torch.randn(c.vision_width))
        self.positional_embedding = nn.Parameter(scale * torch.randn(grid * grid + 1, c.vision_width))
        self.ln_pre = LayerNorm(c.vision_width)
        self.transformer = Transformer(c.vision_width, c.vision_layers, c.vision_heads)
        self.ln_post = LayerNorm(c.vision_width)
        self.proj = nn.Parameter(scale * torch.randn(c.vision_width, c.embed_dim))

    def forward(self, x):
        x = self.conv1(x)  # [N, width, grid, grid]
        x = x.reshape(x.shape[0], x.shape[1], -1).permute(0, 2, 1)  # [N, grid^2, width]
        cls = self.class_embedding.to(x.dtype) + torch.zeros(x.shape[0], 1, x.shape[-1], dtype=x.dtype, device=x.device)
        x = torch.cat([cls, x], dim=1) + self.positional_embedding.to(x.dtype)
        x = self.ln_pre(x).permute(1, 0, 2)  # [L, N, width]
        x = self.transformer(x).permute(1, 0, 2)
        return self.ln_post(x[:, 0, :]) @ self.proj


class ClipLayout(nn.Module):
    """OpenAI CLIP (ViT variant) with encode_image(float[N,3,S,S]) and encode_text(int64[N,77]) -> [N, embed_dim]."""

    def __init__(self, c: Config):
        super().__init__()
        self.context_length = c.context_length
        self.visual = VisionTransformer(c)
        mask = torch.full((c.context_length, c.context_length), float("-inf")).triu(1)
        self.transformer = Transformer(c.text_width, c.text_layers, c.text_heads, attn_mask=mask)
        self.vocab_size = c.vocab_size
        self.token_embedding = nn.Embedding(c.vocab_size, c.text_width)
        self.positional_embedding = nn.Parameter(torch.empty(c.context_length, c.text_width))
        self.ln_final = LayerNorm(c.text_width)
        self.text_projection = nn.Parameter(torch.empty(c.text_width, c.embed_dim))
        self.logit_scale = nn.Parameter(torch.tensor(100.0).log())
        self._initialise(c)

    def _initialise(self, c):
        nn.init.normal_(self.token_embedding.weight, std=0.02)
        nn.init.normal_(self.positional_embedding, std=0.01)
        for tower, width, layers in ((self.visual.transformer, c.vision_width, c.vision_layers),
                                     (self.transformer, c.text_width, c.text_layers)):
            proj_std = width ** -0.5 * (2 * layers) ** -0.5
            for block in tower.resblocks:
                nn.init.normal_(block.attn.in_proj_weight, std=width ** -0.5)
                nn.init.normal_(block.attn.out_proj.weight, std=proj_std)
                nn.init.zeros_(block.attn.out_proj.bias)
                nn.init.normal_(block.mlp.c_fc.weight, std=(2 * width) ** -0.5)
                nn.init.normal_(block.mlp.c_proj.weight, std=proj_std)
        nn.init.normal_(self.text_projection, std=c.text_width ** -0.5)

    @property
    def dtype(self):
        return self.visual.conv1.weight.dtype

    def encode_image(self, image):
        return self.visual(image.type(self.dtype))

    def encode_text(self, text):
        x = self.token_embedding(text).type(self.dtype) + self.positional_embedding.type(self.dtype)
        x = self.transformer(x.permute(1, 0, 2)).permute(1, 0, 2)
        x = self.ln_final(x).type(self.dtype)
        return x[torch.arange(x.shape[0]), text.argmax(dim=-1)] @ self.text_projection

    def forward(self, image, text):
        image_features = self.encode_image(image)
        text_features = self.encode_text(text)
        image_features = image_features / image_features.norm(dim=1, keepdim=True)
        text_features = text_features / text_features.norm(dim=1, keepdim=True)
        logits_per_image = self.logit_scale.exp() * image_features @ text_features.t()
        return logits_per_image, logits_per_image.t()


def build(config: Config, seed: int) -> ClipLayout:
    torch.manual_seed(seed)
    return ClipLayout(config)


def round_to_fp16_and_bf16(model: nn.Module):
    """Rounds every weight to a value that float32, float16 and bfloat16 all hold exactly (bfloat16 precision,
    magnitudes below float16's normal range flushed to 0), so archives of one model in different dtypes compute
    from identical weights."""
    with torch.no_grad():
        for p in model.parameters():
            rounded = p.to(torch.bfloat16).to(torch.float32)
            rounded[rounded.abs() < 2.0 ** -14] = 0
            p.copy_(rounded)


def to_reduced_precision(model: ClipLayout, dtype) -> ClipLayout:
    """Casts what OpenAI's released models hold in float16 to `dtype`: convolution, linear and attention weights and
    the two projections. LayerNorms, embeddings and logit_scale stay float32, as in their archives."""
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            module.weight.data = module.weight.data.to(dtype)
            if module.bias is not None:
                module.bias.data = module.bias.data.to(dtype)
        elif isinstance(module, SelfAttention):
            module.in_proj_weight.data = module.in_proj_weight.data.to(dtype)
            module.in_proj_bias.data = module.in_proj_bias.data.to(dtype)
    model.text_projection.data = model.text_projection.data.to(dtype)
    model.visual.proj.data = model.visual.proj.data.to(dtype)
    return model


def example_inputs(config: Config, batch=2):
    image = torch.randn(batch, 3, config.image_size, config.image_size)
    text = torch.zeros(batch, config.context_length, dtype=torch.long)
    text[:, 0] = config.vocab_size - 2
    text[:, 1:4] = torch.arange(1, 4)
    text[:, 4] = config.vocab_size - 1
    return image, text


def trace_archive(model: ClipLayout, config: Config, path: str):
    """Traces forward, encode_image and encode_text into one TorchScript archive, as OpenAI's archives are made."""
    image, text = example_inputs(config)
    traced = torch.jit.trace_module(
        model,
        {"forward": (image, text), "encode_image": (image,), "encode_text": (text,)},
        check_trace=False,
    )
    traced.save(path)


# ---------------------------------------------------------------------------------------------------------------
# bfloat16 CPU trace -> OpenAI's float16 CUDA archive layout
# ---------------------------------------------------------------------------------------------------------------

def _split_args(text, start):
    """The top-level arguments of the call whose '(' is at text[start-1], and the index of its ')'."""
    args, depth, current, i, quote = [], 0, start, start, None
    while True:
        ch = text[i]
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                args.append((current, i))
                return args, i
            depth -= 1
        elif ch == "," and depth == 0:
            args.append((current, i))
            current = i + 1
        i += 1


def retype_code(code: str, old: int, new: int) -> str:
    """Replaces dtype constant `old` by `new` where TorchScript code passes a dtype: `dtype=<old>` keywords and the
    second or third positional argument of torch.to (the slots OpenAI's own loader patches)."""
    code = re.sub(r"\bdtype=%d\b" % old, "dtype=%d" % new, code)
    out, pos = [], 0
    for m in re.finditer(r"\btorch\.to\(", code):
        if m.start() < pos:
            continue
        args, _ = _split_args(code, m.end())
        for a, b in args[1:3]:
            if code[a:b].strip() == str(old):
                out.append(code[pos:a])
                out.append(code[a:b].replace(str(old), str(new)))
                pos = b
    out.append(code[pos:])
    return "".join(out)


class _Stub:
    def __init__(self, *args, **kwargs):
        pass

    def __setstate__(self, state):
        pass


class _StorageLister(pickle.Unpickler):
    """Unpickles a TorchScript data/constants pickle only far enough to list its storages: (type name, key)."""

    def __init__(self, data):
        super().__init__(io.BytesIO(data))
        self.storages = []

    def find_class(self, module, name):
        if module == "torch" and name.endswith("Storage"):
            return name
        if module == "collections" and name == "OrderedDict":
            return OrderedDict
        if module == "torch._utils":
            return lambda *args: None
        return type(name, (_Stub,), {})

    def persistent_load(self, pid):
        self.storages.append((pid[1], pid[2]))
        return None


def _rewrite_pickle(data: bytes, globals_map, strings_map) -> bytes:
    """Re-emits a protocol-2 pickle with some GLOBAL names and BINUNICODE strings replaced (no frames to fix)."""
    out, last = bytearray(), 0
    ops = list(pickletools.genops(data))
    for index, (op, arg, pos) in enumerate(ops):
        end = ops[index + 1][2] if index + 1 < len(ops) else len(data)
        if op.name == "PROTO" and arg > 3:
            raise ValueError("protocol %d pickles have frames; not supported" % arg)
        if op.name == "GLOBAL" and arg in globals_map:
            module, name = globals_map[arg].split(" ")
            replacement = b"c" + module.encode() + b"\n" + name.encode() + b"\n"
        elif op.name == "BINUNICODE" and arg in strings_map:
            encoded = strings_map[arg].encode()
            replacement = b"X" + len(encoded).to_bytes(4, "little") + encoded
        else:
            continue
        out += data[last:pos] + replacement
        last = end
    return bytes(out + data[last:])


def to_openai_fp16(source: str, target: str):
    """Rewrites an archive traced on CPU in bfloat16 into the layout of OpenAI's released archives (traced on CUDA
    in float16): device constants cuda:0, dtype constants 5 (half) where the trace has 15 (bfloat16), tensors as
    HalfStorage (values converted, exact for weights from round_to_fp16_and_bf16) saved for location cuda:0."""
    with zipfile.ZipFile(source) as zin:
        infos = zin.infolist()
        entries = {info.filename: zin.read(info.filename) for info in infos}
    root = infos[0].filename.split("/")[0]
    converted = {}
    for name, data in list(entries.items()):
        if name.endswith(".py"):
            code = data.decode("utf-8").replace('torch.device("cpu")', 'torch.device("cuda:0")')
            entries[name] = retype_code(code, BFLOAT16, HALF).encode("utf-8")
        elif name.endswith(".pkl") and name.count("/") == 1:  # data.pkl, constants.pkl (not code/*.debug_pkl)
            archive = name[len(root) + 1:-len(".pkl")]
            lister = _StorageLister(data)
            lister.load()
            for kind, key in lister.storages:
                if kind == "BFloat16Storage":
                    converted[f"{root}/{archive}/{key}"] = True
            entries[name] = _rewrite_pickle(data, {"torch BFloat16Storage": "torch HalfStorage"}, {"cpu": "cuda:0"})
    for name in converted:
        values = torch.frombuffer(bytearray(entries[name]), dtype=torch.bfloat16)
        entries[name] = values.to(torch.float16).numpy().tobytes()
    with zipfile.ZipFile(target, "w") as zout:
        for info in infos:
            compress = zipfile.ZIP_DEFLATED if info.filename.endswith((".py", ".debug_pkl")) else zipfile.ZIP_STORED
            zout.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), entries[info.filename],
                          compress_type=compress)


# ---------------------------------------------------------------------------------------------------------------
# OpenAI's way of running such an archive on CPU, re-implemented on the graph API (for cross-checking)
# ---------------------------------------------------------------------------------------------------------------

def openai_style_cpu_load(path: str):
    """Loads an OpenAI-layout float16 CUDA archive on CPU as OpenAI's loader does it: device constants in every
    graph patched to cpu, dtype 5 constants feeding aten::to patched to float, then the parameters cast to float."""
    model = torch.jit.load(path, map_location="cpu")
    cpu_device = torch.jit.trace(lambda: torch.ones([]).to(torch.device("cpu")), example_inputs=[])
    device_node = [n for n in cpu_device.graph.findAllNodes("prim::Constant") if "Device" in repr(n.output().type())][0]
    float_holder = torch.jit.trace(lambda: torch.ones([]).float(), example_inputs=[])
    float_node = list(float_holder.graph.findNode("aten::to").inputs())[1].node()

    def graphs(module):
        found = []
        for name in ("forward", "forward1", "encode_image", "encode_text"):
            if hasattr(module, name):
                try:
                    found.append(getattr(module, name).graph)
                except AttributeError:
                    pass
        return found

    def value(node):
        if node.kind() != "prim::Constant" or "value" not in node.attributeNames():
            return None
        kind = node.kindOf("value")
        return node.s("value") if kind == "s" else node.i("value") if kind == "i" else None

    def patch(module):
        for graph in graphs(module):
            for node in graph.findAllNodes("prim::Constant"):
                if str(value(node)).startswith("cuda"):
                    node.copyAttributes(device_node)
            for node in graph.findAllNodes("aten::to"):
                inputs = list(node.inputs())
                for i in (1, 2):
                    if i < len(inputs) and value(inputs[i].node()) == HALF:
                        inputs[i].node().copyAttributes(float_node)

    model.apply(patch)
    patch(model)
    return model.float()
