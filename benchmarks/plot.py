#!/usr/bin/env python3
"""Plots throughput against concurrency, facade vs raw (and the peers at 16 B), from a benchmark JSON file, as an SVG.

Standard library only, so it runs wherever the benchmark does:

    python3 benchmarks/plot.py benchmarks/out/quick.json benchmarks/out/quick.svg
"""
import json
import math
import sys
from xml.sax.saxutils import escape

PANEL_W, PANEL_H = 430, 300
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 70, 20, 36, 44
COLS = 2
SERIES = [
    # (transport, mode, label, colour, dash)
    ("tcp", "facade", "facade, TCP client", "#d95f02", ""),
    ("tcp", "raw", "raw typed grain, TCP client", "#1b9e77", ""),
    ("inProcess", "facade", "facade, in-process client", "#d95f02", "6 4"),
    ("inProcess", "raw", "raw typed grain, in-process client", "#1b9e77", "6 4"),
    # The peers, measured over TCP at 16 B only.
    ("tcp", "grpc", "gRPC for .NET unary (h2c), TCP client", "#7570b3", ""),
    ("tcp", "facadeTls", "facade over TLS, TCP client", "#e7298a", "2 3"),
]


def payload_name(size):
    if size >= 1024 * 1024:
        return f"{size // (1024 * 1024)} MiB"
    if size >= 1024:
        return f"{size // 1024} KiB"
    return f"{size} B"


def number(value):
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 1000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def panel(out, x0, y0, payload, cells, callers):
    plot_w = PANEL_W - MARGIN_L - MARGIN_R
    plot_h = PANEL_H - MARGIN_T - MARGIN_B
    left, top = x0 + MARGIN_L, y0 + MARGIN_T
    lo, hi = math.log2(min(callers)), math.log2(max(callers))

    def px(c):
        return left + (math.log2(c) - lo) / ((hi - lo) or 1) * plot_w

    # Log scale: in-process and TCP rates differ by an order of magnitude at large payloads.
    values = [c["callsPerSecond"] for c in cells
              if c["payloadBytes"] == payload and c["mode"] in ("facade", "raw", "grpc", "facadeTls") and c["callsPerSecond"] > 0]
    y_lo = math.floor(math.log10(min(values))) if values else 0
    y_hi = math.ceil(math.log10(max(values))) if values else 1
    y_hi = max(y_hi, y_lo + 1)

    def py(v):
        return top + plot_h - (math.log10(max(v, 10 ** y_lo)) - y_lo) / (y_hi - y_lo) * plot_h

    out.append(f'<text x="{left + plot_w / 2}" y="{y0 + 22}" text-anchor="middle" font-weight="bold">payload {escape(payload_name(payload))}</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999"/>')
    for exponent in range(y_lo, y_hi + 1):
        for step in (1, 2, 5):
            v = step * 10 ** exponent
            if v > 10 ** y_hi:
                break
            y = py(v)
            out.append(f'<line x1="{left}" y1="{y}" x2="{left + plot_w}" y2="{y}" stroke="{"#d0d0d0" if step == 1 else "#efefef"}"/>')
            out.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" font-size="11">{number(v)}</text>')
    for c in callers:
        out.append(f'<text x="{px(c)}" y="{top + plot_h + 16}" text-anchor="middle" font-size="11">{c}</text>')
    out.append(f'<text x="{left + plot_w / 2}" y="{top + plot_h + 34}" text-anchor="middle" font-size="11">concurrent callers</text>')
    out.append(f'<text transform="translate({x0 + 16},{top + plot_h / 2}) rotate(-90)" text-anchor="middle" font-size="11">calls/s (log scale)</text>')

    for transport, mode, _, colour, dash in SERIES:
        points = sorted(
            (c["callers"], c["callsPerSecond"])
            for c in cells
            if c["payloadBytes"] == payload and c["transport"] == transport and c["mode"] == mode)
        if not points:
            continue
        path = " ".join(f"{px(c):.1f},{py(v):.1f}" for c, v in points)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        for c, v in points:
            out.append(f'<circle cx="{px(c):.1f}" cy="{py(v):.1f}" r="3" fill="{colour}"/>')


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: plot.py RESULTS.json OUTPUT.svg")
    with open(sys.argv[1], encoding="utf-8") as f:
        data = json.load(f)
    cells = data["cells"]
    payloads = sorted({c["payloadBytes"] for c in cells})
    callers = sorted({c["callers"] for c in cells})
    rows = math.ceil(len(payloads) / COLS)
    legend_h = 92
    width, height = PANEL_W * COLS, PANEL_H * rows + legend_h + 30

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>']
    machine = data["machine"]
    title = (f"MochiOrleans facade vs raw Orleans grain call: throughput ({data['mode']} run, "
             f"{machine['logicalCores']} cores, {machine['runtime']})")
    out.append(f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">{escape(title)}</text>')
    for i, payload in enumerate(payloads):
        panel(out, (i % COLS) * PANEL_W, 30 + (i // COLS) * PANEL_H, payload, cells, callers)

    y = 30 + rows * PANEL_H + 16
    for i, (_, _, label, colour, dash) in enumerate(SERIES):
        x = 30 + (i % 2) * (width / 2)
        yy = y + (i // 2) * 22
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{x}" y1="{yy}" x2="{x + 40}" y2="{yy}" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        out.append(f'<text x="{x + 48}" y="{yy + 4}">{escape(label)}</text>')
    out.append("</svg>")
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
