#!/usr/bin/env python3
"""Writes the wiring diagrams in hw/ as plain, readable SVG (no drawing tool, no scripts).

Each diagram: host board on the left, Ethernet module on the right, one straight colour-coded
wire per signal, the decoupling capacitors at the module's supply pin, and notes underneath.
The wiring tables in hw/*.md are the reference; keep both in step.
Run from the repository root:  python3 hw/tools/wiring_svg.py   (rewrites hw/*.svg)
Check the result:              rsvg-convert -o /tmp/x.png hw/esp32-w5500.svg
"""
import os
from xml.sax.saxutils import escape

COLOURS = {
    "3V3": "#d62728", "GND": "#222222", "SCK": "#e6b800", "MOSI": "#1f77b4",
    "MISO": "#2ca02c", "CS": "#ff7f0e", "INT": "#9467bd", "RST": "#7f7f7f",
}

W, ROW, TOP = 980, 46, 150
HOST_X, HOST_W = 30, 300
MOD_X, MOD_W = 650, 300


def diagram(spec):
    rows = spec["rows"]
    body_h = len(rows) * ROW + 30
    notes = spec["notes"]
    h = TOP + body_h + 50 + len(notes) * 22 + 30
    o = []
    o.append(f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{h}" viewBox="0 0 {W} {h}" '
             f'font-family="DejaVu Sans, Arial, Helvetica, sans-serif">')
    o.append(f'  <title>{escape(spec["title"])}</title>')
    o.append(f'  <rect width="{W}" height="{h}" fill="#ffffff"/>')
    o.append(f'  <text x="30" y="42" font-size="24" font-weight="bold" fill="#111">{escape(spec["title"])}</text>')
    o.append(f'  <text x="30" y="68" font-size="14" fill="#444">{escape(spec["subtitle"])}</text>')

    # Boxes
    for (x, name, sub) in ((HOST_X, spec["host"], spec["host_sub"]), (MOD_X, spec["module"], spec["module_sub"])):
        o.append(f'  <rect x="{x}" y="{TOP - 50}" width="{HOST_W}" height="{body_h + 50}" rx="10" '
                 f'fill="#f4f6f8" stroke="#555" stroke-width="2"/>')
        o.append(f'  <text x="{x + HOST_W / 2}" y="{TOP - 26}" font-size="17" font-weight="bold" '
                 f'text-anchor="middle" fill="#111">{escape(name)}</text>')
        o.append(f'  <text x="{x + HOST_W / 2}" y="{TOP - 8}" font-size="12" text-anchor="middle" '
                 f'fill="#555">{escape(sub)}</text>')

    for i, r in enumerate(rows):
        host_pin, host_detail, signal, mod_pin, mod_detail = r
        y = TOP + 24 + i * ROW
        c = COLOURS[signal]
        hx = HOST_X + HOST_W
        mx = MOD_X
        # pins
        o.append(f'  <circle cx="{hx}" cy="{y}" r="6" fill="{c}" stroke="#222"/>')
        o.append(f'  <circle cx="{mx}" cy="{y}" r="6" fill="{c}" stroke="#222"/>')
        o.append(f'  <text x="{hx - 14}" y="{y - 2}" font-size="15" font-weight="bold" text-anchor="end" fill="#111">{escape(host_pin)}</text>')
        o.append(f'  <text x="{hx - 14}" y="{y + 14}" font-size="11" text-anchor="end" fill="#555">{escape(host_detail)}</text>')
        o.append(f'  <text x="{mx + 14}" y="{y - 2}" font-size="15" font-weight="bold" fill="#111">{escape(mod_pin)}</text>')
        o.append(f'  <text x="{mx + 14}" y="{y + 14}" font-size="11" fill="#555">{escape(mod_detail)}</text>')
        # wire with the signal name on it
        dash = ' stroke-dasharray="8 5"' if "optional" in host_detail.lower() else ""
        o.append(f'  <line x1="{hx + 6}" y1="{y}" x2="{mx - 6}" y2="{y}" stroke="{c}" stroke-width="4"{dash}/>')
        lx = (hx + mx) / 2
        o.append(f'  <rect x="{lx - 34}" y="{y - 11}" width="68" height="22" rx="4" fill="#fff" stroke="{c}" stroke-width="2"/>')
        o.append(f'  <text x="{lx}" y="{y + 5}" font-size="13" font-weight="bold" text-anchor="middle" fill="#111">{signal}</text>')

    # Decoupling at the module supply, drawn next to the 3V3 row.
    v = [i for i, r in enumerate(rows) if r[2] == "3V3"][0]
    g = [i for i, r in enumerate(rows) if r[2] == "GND"][0]
    yv, yg = TOP + 24 + v * ROW, TOP + 24 + g * ROW
    cx = MOD_X - 70
    o.append(f'  <g stroke="#333" stroke-width="2" fill="none">')
    for k, (dx, lab) in enumerate(((0, spec.get("bulk", "10 µF")), (34, "100 nF"))):
        x = cx - 40 + dx
        ym = (yv + yg) / 2
        o.append(f'    <line x1="{x}" y1="{yv}" x2="{x}" y2="{ym - 5}"/>')
        o.append(f'    <line x1="{x - 9}" y1="{ym - 5}" x2="{x + 9}" y2="{ym - 5}"/>')
        o.append(f'    <line x1="{x - 9}" y1="{ym + 3}" x2="{x + 9}" y2="{ym + 3}"/>')
        o.append(f'    <line x1="{x}" y1="{ym + 3}" x2="{x}" y2="{yg}"/>')
        o.append(f'    <circle cx="{x}" cy="{yv}" r="2.5" fill="#333"/>')
        o.append(f'    <circle cx="{x}" cy="{yg}" r="2.5" fill="#333"/>')
    o.append('  </g>')
    o.append(f'  <text x="{cx - 23}" y="{yg + 25}" font-size="11" text-anchor="middle" fill="#333">'
             f'{escape(spec.get("bulk", "10 µF"))} + 100 nF at the module</text>')

    # Notes
    ny = TOP + body_h + 40
    o.append(f'  <text x="30" y="{ny}" font-size="15" font-weight="bold" fill="#111">Notes</text>')
    for k, n in enumerate(notes):
        o.append(f'  <text x="40" y="{ny + 24 + k * 22}" font-size="13" fill="#222">• {escape(n)}</text>')
    o.append('</svg>')
    return "\n".join(o) + "\n"


ESP32_COMMON_NOTES = [
    "3.3 V only: power the module from a 3.3 V rail, never 5 V on a bare-chip module.",
    "Dashed wires are optional: without RST the driver soft-resets; without INT the app polls on its deadline.",
    "Keep SPI wires short (< 10 cm) at 10-20 MHz; every GND joined; one ground wire per module at least.",
    "J1/J3 numbering as in Espressif's ESP32-DevKitC V4 guide; on clones go by the GPIO number printed on the board.",
]

SPECS = {
    "esp32-w5500": {
        "title": "ESP32 DevKitC  →  W5500 module",
        "subtitle": "nanoFramework SPI1 remapped to the VSPI pins with Configuration.SetPinFunction; CS driven by the SPI driver.",
        "host": "ESP32-DevKitC (WROOM-32)", "host_sub": "GPIO number  ·  header position",
        "module": "W5500 module", "module_sub": "pin name as printed on common modules",
        "rows": [
            ("3V3", "J1-1 (3.3 V regulator out)", "3V3", "3.3V / VCC", "≈132 mA max (chip), plan 250 mA"),
            ("GND", "J3-1 or J1-14", "GND", "GND", "common ground"),
            ("GPIO18", "J3-9 · SPI1_CLOCK", "SCK", "SCLK / SCK", "SPI clock, mode 0"),
            ("GPIO23", "J3-2 · SPI1_MOSI", "MOSI", "MOSI", "data into the W5500"),
            ("GPIO19", "J3-8 · SPI1_MISO", "MISO", "MISO", "data out of the W5500"),
            ("GPIO5", "J3-10 · chip select", "CS", "SCS / CS / NSS", "active low"),
            ("GPIO4", "J3-13 · input, optional", "INT", "INT / INTn", "active low, level"),
            ("GPIO26", "J1-10 · output, optional", "RST", "RST / RSTn", "active low, ≥ 500 µs pulse"),
        ],
        "notes": ESP32_COMMON_NOTES + [
            "W5500 I/O pins are 5 V tolerant but its supply is 3.3 V (2.97–3.63 V). Add a bulk capacitor: the module draws bursts at link-up.",
        ],
    },
    "esp32-enc28j60": {
        "title": "ESP32 DevKitC  →  ENC28J60 module",
        "subtitle": "Same pins as the W5500 board app, so one harness fits both modules. SPI at 10 MHz (errata: ≥ 8 MHz).",
        "host": "ESP32-DevKitC (WROOM-32)", "host_sub": "GPIO number  ·  header position",
        "module": "ENC28J60 module", "module_sub": "10-pin header, blue HanRun-type module",
        "bulk": "22 µF",
        "rows": [
            ("3V3", "J1-1 (3.3 V regulator out)", "3V3", "VCC (3.3 V)", "160 mA typ, 180 mA max in TX"),
            ("GND", "J3-1 or J1-14", "GND", "GND", "common ground"),
            ("GPIO18", "J3-9 · SPI1_CLOCK", "SCK", "SCK", "mode 0 only"),
            ("GPIO23", "J3-2 · SPI1_MOSI", "MOSI", "SI", "data into the ENC28J60"),
            ("GPIO19", "J3-8 · SPI1_MISO", "MISO", "SO", "data out of the ENC28J60"),
            ("GPIO5", "J3-10 · chip select", "CS", "CS", "active low"),
            ("GPIO4", "J3-13 · input, optional", "INT", "INT", "active low"),
            ("GPIO26", "J1-10 · output, optional", "RST", "RESET", "active low"),
        ],
        "notes": ESP32_COMMON_NOTES + [
            "ENC28J60 supply is 3.1–3.6 V (inputs tolerate 5 V, the supply does not). A sagging rail gives garbage SPI reads.",
            "Leave CLKOUT and WOL unconnected. The chip runs warm; that is normal.",
        ],
    },
    "rpi-w5500": {
        "title": "Raspberry Pi 40-pin header  →  W5500 module",
        "subtitle": "Desktop .NET with System.Device.Gpio 4.2.0: SPI0 CE0 = /dev/spidev0.0 (enable SPI; do NOT load the w5500 overlay).",
        "host": "Raspberry Pi (2/3/4/5, Zero)", "host_sub": "BCM GPIO  ·  physical header pin",
        "module": "W5500 module", "module_sub": "pin name as printed on common modules",
        "rows": [
            ("3V3", "pin 1 (or 17)", "3V3", "3.3V / VCC", "≈132 mA max (chip)"),
            ("GND", "pin 6 (or 9, 14, 20, 25)", "GND", "GND", "common ground"),
            ("GPIO11", "pin 23 · SPI0 SCLK", "SCK", "SCLK / SCK", "SPI clock, mode 0"),
            ("GPIO10", "pin 19 · SPI0 MOSI", "MOSI", "MOSI", "data into the W5500"),
            ("GPIO9", "pin 21 · SPI0 MISO", "MISO", "MISO", "data out of the W5500"),
            ("GPIO8", "pin 24 · SPI0 CE0", "CS", "SCS / CS / NSS", "driven by the kernel"),
            ("GPIO25", "pin 22 · input, optional", "INT", "INT / INTn", "active low"),
            ("GPIO24", "pin 18 · output, optional", "RST", "RST / RSTn", "active low"),
        ],
        "notes": [
            "Enable SPI (raspi-config → Interface Options → SPI, or dtparam=spi=on); check that /dev/spidev0.0 exists.",
            "If /boot/firmware/config.txt has dtoverlay=w5500, the kernel driver owns the chip: remove it for NanoTcp.",
            "3.3 V only. The Pi's GPIO are NOT 5 V tolerant: never power the module from 5 V with 5 V logic.",
            "Dashed wires are optional (soft reset / deadline polling without them).",
        ],
    },
    "ft232h-w5500": {
        "title": "FT232H breakout (USB, any PC)  →  W5500 module",
        "subtitle": "Iot.Device.Bindings 4.2.0 Ft232HDevice MPSSE SPI: D0 SCK, D1 MOSI, D2 MISO, CS on D3; RST/INT on D4/D5.",
        "host": "FT232H breakout", "host_sub": "e.g. Adafruit 2264  ·  label · Iot.Device pin number",
        "module": "W5500 module", "module_sub": "pin name as printed on common modules",
        "rows": [
            ("3.3 V supply", "separate regulator ≥ 250 mA", "3V3", "3.3V / VCC", "≈132 mA max (chip)"),
            ("GND", "any GND pin", "GND", "GND", "common ground with the PC side"),
            ("D0", "pin 0 · ADBUS0 TCK/SK", "SCK", "SCLK / SCK", "≤ 30 MHz (60 MHz / 2)"),
            ("D1", "pin 1 · ADBUS1 TDI/DO", "MOSI", "MOSI", "data into the W5500"),
            ("D2", "pin 2 · ADBUS2 TDO/DI", "MISO", "MISO", "data out of the W5500"),
            ("D3", "pin 3 · chip select", "CS", "SCS / CS / NSS", "toggled per transfer by MPSSE"),
            ("D5", "pin 5 · input, optional", "INT", "INT / INTn", "active low"),
            ("D4", "pin 4 · output, optional", "RST", "RST / RSTn", "active low"),
        ],
        "notes": [
            "Power the W5500 from a 3.3 V regulator that can give ≥ 250 mA, not from an FTDI 3V3OUT pin (meant for the chip itself).",
            "FT232H I/O is 3.3 V. Install FTDI's D2XX driver (libftd2xx); on Linux unload ftdi_sio or add a udev rule.",
            "Every SPI transaction is a USB round trip: this setup is for bring-up and demos, not for throughput.",
            "Dashed wires are optional (soft reset / deadline polling without them).",
        ],
    },
}

if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.dirname(here)
    for name, spec in SPECS.items():
        with open(os.path.join(out, name + ".svg"), "w", encoding="utf-8") as f:
            f.write(diagram(spec))
        print("wrote hw/%s.svg" % name)
