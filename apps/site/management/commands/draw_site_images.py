"""Draw the site's own illustrations (static/img/site/*) with Pillow: flat scenes in wood tones.

    python manage.py draw_site_images

Each drawing is made at twice its largest size, then saved at every width of
`ILLUSTRATION_WIDTHS` as WebP and as PNG (a 256-colour palette keeps the flat artwork small).
Also writes the Open Graph card and the PNG favicons. The output is committed; run this again
only to change the artwork."""

import math
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from apps.site.models import ILLUSTRATION_SIZE, ILLUSTRATION_WIDTHS, Illustration

W, H = ILLUSTRATION_SIZE
S = 2  # supersampling: draw at 2x, downscale with LANCZOS for smooth edges

# Palette
PAPER = "#f6efe5"
WALL = "#efe5d8"
WALL_WARM = "#f2e4d3"
WALL_SAGE = "#dfe4d3"
FLOOR = "#caa37c"
FLOOR_LINE = "#b88f68"
BIRCH = "#e6cda6"
BIRCH_EDGE = "#d3b287"
OAK = "#c99662"
OAK_DARK = "#a9774b"
WALNUT = "#7b4e33"
WALNUT_DARK = "#5e3a26"
WHITE = "#faf6ef"
WHITE_SHADE = "#e9e0d2"
SAGE = "#8d9d7b"
SAGE_DARK = "#6f7f5f"
TERRACOTTA = "#c8704e"
MUSTARD = "#dca845"
SKY = "#d9e6e8"
SKY_LIGHT = "#eaf1f1"
INK = "#3b2f27"
LEAF = "#6a8b57"
LEAF_DARK = "#4f6e42"
LINEN = "#ece3d6"
STEEL = "#8c8f91"


class Canvas:
    def __init__(self, width=W, height=H, background=WALL):
        self.width, self.height = width, height
        self.image = Image.new("RGB", (width * S, height * S), background)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def _box(box):
        return [round(v * S) for v in box]

    def rect(self, box, fill, radius=0, outline=None, width=0):
        box = self._box(box)
        if radius:
            self.draw.rounded_rectangle(box, radius * S, fill=fill, outline=outline, width=width * S)
        else:
            self.draw.rectangle(box, fill=fill, outline=outline, width=width * S)

    def ellipse(self, box, fill, outline=None, width=0):
        self.draw.ellipse(self._box(box), fill=fill, outline=outline, width=width * S)

    def polygon(self, points, fill):
        self.draw.polygon([(x * S, y * S) for x, y in points], fill=fill)

    def line(self, points, fill, width=2):
        self.draw.line([(x * S, y * S) for x, y in points], fill=fill, width=round(width * S), joint="curve")

    def arc(self, box, start, end, fill, width=2):
        self.draw.arc(self._box(box), start, end, fill=fill, width=round(width * S))

    def pieslice(self, box, start, end, fill):
        self.draw.pieslice(self._box(box), start, end, fill=fill)

    def shadow(self, box, opacity=70, blur=18):
        """A soft contact shadow (an ellipse, blurred) under a piece of furniture."""
        layer = Image.new("L", self.image.size, 0)
        ImageDraw.Draw(layer).ellipse(self._box(box), fill=opacity)
        layer = layer.filter(ImageFilter.GaussianBlur(blur * S))
        self.image.paste(Image.new("RGB", self.image.size, "#5a4333"), (0, 0), layer)

    def text(self, xy, text, size, fill, bold=False):
        font = _font(size * S, bold)
        self.draw.text((xy[0] * S, xy[1] * S), text, font=font, fill=fill)

    def result(self) -> Image.Image:
        return self.image.resize((self.width, self.height), Image.Resampling.LANCZOS)


def _font(size, bold=False):
    names = ["DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"]
    for folder in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"):
        for name in names:
            path = Path(folder) / name
            if path.exists():
                return ImageFont.truetype(str(path), size)
    return ImageFont.load_default()


# --- Pieces --------------------------------------------------------------------------------------


def floor(c: Canvas, top: int, color=FLOOR, line=FLOOR_LINE):
    c.rect((0, top, c.width, c.height), color)
    c.rect((0, top, c.width, top + 10), "#b99470")  # skirting shadow
    c.rect((0, top - 14, c.width, top), WHITE)  # skirting board
    y, row = top + 46, 0
    while y < c.height:
        c.line([(0, y), (c.width, y)], line, 2)
        offset = 140 if row % 2 else 0
        for x in range(offset, c.width, 280):
            c.line([(x, y - (y - top if row == 0 else 46) + 2), (x, y)], line, 2)
        y += 46 + row * 8
        row += 1


def window(c: Canvas, box, arch=False, frame=WHITE):
    x0, y0, x1, y1 = box
    if arch:
        r = (x1 - x0) / 2
        c.pieslice((x0, y0, x1, y0 + 2 * r), 180, 360, frame)
        c.rect((x0, y0 + r, x1, y1), frame)
        p = 16
        c.pieslice((x0 + p, y0 + p, x1 - p, y0 + 2 * r - p), 180, 360, SKY)
        c.rect((x0 + p, y0 + r, x1 - p, y1 - p), SKY)
        c.polygon([(x0 + p, y1 - p), (x0 + p + 120, y0 + r + 40), (x0 + p + 200, y0 + r + 40), (x0 + p + 80, y1 - p)],
                  SKY_LIGHT)  # fmt: skip
        c.line([((x0 + x1) / 2, y0 + p), ((x0 + x1) / 2, y1 - p)], frame, 10)
        c.line([(x0 + p, y0 + r + 40), (x1 - p, y0 + r + 40)], frame, 10)
    else:
        c.rect(box, frame, radius=4)
        p = 16
        c.rect((x0 + p, y0 + p, x1 - p, y1 - p), SKY)
        c.polygon([(x0 + p, y1 - p), (x0 + p + 90, y0 + p), (x0 + p + 170, y0 + p), (x0 + p + 80, y1 - p)], SKY_LIGHT)
        c.line([((x0 + x1) / 2, y0 + p), ((x0 + x1) / 2, y1 - p)], frame, 10)
    c.rect((x0 - 24, y1 - 6, x1 + 24, y1 + 14), WHITE_SHADE, radius=3)  # sill


def plant(c: Canvas, x, base_y, scale=1.0, pot=TERRACOTTA):
    s = scale
    leaves = [(-70, -210, 20), (40, -230, -15), (-20, -280, 5), (80, -160, -40), (-100, -140, 40), (10, -190, 0)]
    for dx, dy, tilt in leaves:
        cx, cy = x + dx * s, base_y - 90 * s + dy * s * 0.55
        c.line([(x, base_y - 90 * s), (cx, cy + 30 * s)], LEAF_DARK, 4 * s)
        color = LEAF if (dx + dy) % 3 else LEAF_DARK
        rx, ry = 42 * s, 78 * s
        _leaf(c, cx, cy, rx, ry, tilt, color)
    c.polygon([(x - 62 * s, base_y - 110 * s), (x + 62 * s, base_y - 110 * s), (x + 48 * s, base_y),
               (x - 48 * s, base_y)], pot)  # fmt: skip
    c.rect((x - 68 * s, base_y - 122 * s, x + 68 * s, base_y - 104 * s), "#b45f40", radius=4)


def _leaf(c: Canvas, cx, cy, rx, ry, tilt, color):
    points = []
    for i in range(24):
        t = 2 * math.pi * i / 24
        px, py = rx * math.sin(t) * (0.55 + 0.45 * abs(math.cos(t / 2))), -ry * math.cos(t)
        a = math.radians(tilt)
        points.append((cx + px * math.cos(a) - py * math.sin(a), cy + px * math.sin(a) + py * math.cos(a)))
    c.polygon(points, color)


def pendant(c: Canvas, x, length, color=MUSTARD):
    c.line([(x, 0), (x, length)], INK, 3)
    c.pieslice((x - 70, length - 10, x + 70, length + 120), 180, 360, color)
    c.ellipse((x - 14, length + 48, x + 14, length + 72), "#fff3cf")


def books(c: Canvas, x, y_bottom, count=7, max_h=110, seed=0):
    colors = [TERRACOTTA, SAGE, MUSTARD, WALNUT, "#d9cfc0", SAGE_DARK, "#b9835b"]
    for i in range(count):
        w = 22 + (i * 7 + seed) % 14
        h = max_h - ((i * 13 + seed * 5) % 40)
        c.rect((x, y_bottom - h, x + w, y_bottom), colors[(i + seed) % len(colors)], radius=3)
        x += w + 4
    return x


def open_shelf(c: Canvas, box, levels=2, wood=BIRCH, edge=BIRCH_EDGE, back=None):
    x0, y0, x1, y1 = box
    t = 18
    c.shadow((x0 - 10, y1 - 20, x1 + 10, y1 + 26))
    if back:
        c.rect((x0, y0, x1, y1), back)
    c.rect((x0, y0, x0 + t, y1), wood)
    c.rect((x1 - t, y0, x1, y1), wood)
    step = (y1 - y0) / levels
    for i in range(levels + 1):
        y = y0 + i * step
        c.rect((x0, y, x1, y + t), wood)
        c.rect((x0, y + t - 4, x1, y + t), edge)
    return [(y0 + i * step + t) for i in range(levels)]


def pyramid(c: Canvas, x, base_y):
    colors = [TERRACOTTA, MUSTARD, SAGE, "#e7b7a0"]
    c.rect((x - 6, base_y - 110, x + 6, base_y), OAK_DARK, radius=5)
    for i, color in enumerate(colors):
        w = 70 - i * 13
        y = base_y - 18 - i * 22
        c.rect((x - w / 2, y - 8, x + w / 2, y + 14), color, radius=11)
    c.ellipse((x - 12, base_y - 124, x + 12, base_y - 100), OAK)


# --- Scenes ----------------------------------------------------------------------------------------


def draw_home() -> Image.Image:
    c = Canvas(background=WALL)
    c.rect((0, 0, W, 90), WALL_WARM)
    floor(c, 760)
    window(c, (180, 150, 640, 700), arch=True)
    plant(c, 96, 760, 1.05)
    c.ellipse((640, 800, 1540, 930), "#e3d3bd")  # rug
    c.ellipse((690, 818, 1490, 912), "#d8c3a6")
    # picture frame
    c.rect((790, 250, 1050, 430), OAK, radius=4)
    c.rect((806, 266, 1034, 414), "#f4ede2")
    c.ellipse((860, 300, 960, 400), MUSTARD)
    c.polygon([(806, 414), (900, 330), (980, 380), (1034, 340), (1034, 414)], SAGE)
    # montessori shelf
    tops = open_shelf(c, (720, 560, 1130, 770), levels=2)
    pyramid(c, 800, tops[1] - 18 + 18 + 88 - 88 + 90)
    c.ellipse((880, tops[0] + 10, 960, tops[0] + 90), TERRACOTTA)  # ball on the top shelf
    c.rect((980, tops[0] + 22, 1090, tops[0] + 92), "#d9b98c", radius=10)  # basket
    for i in range(5):
        c.line([(990 + i * 22, tops[0] + 26), (990 + i * 22, tops[0] + 88)], "#c5a070", 3)
    books(c, 870, tops[1] + 90, count=6, max_h=80, seed=2)
    c.rect((1020, tops[1] + 40, 1100, tops[1] + 90), SAGE, radius=6)  # block toy
    # armchair
    c.shadow((1170, 760, 1540, 810))
    c.rect((1200, 520, 1500, 690), SAGE, radius=40)
    c.rect((1180, 620, 1520, 720), SAGE_DARK, radius=30)
    c.rect((1220, 600, 1480, 660), SAGE, radius=22)
    for lx in (1215, 1470):
        c.polygon([(lx, 720), (lx + 22, 720), (lx + 30, 770), (lx + 12, 770)], OAK_DARK)
    c.rect((1260, 560, 1350, 620), MUSTARD, radius=18)  # cushion
    pendant(c, 1360, 230, MUSTARD)
    return c.result()


def draw_montessori() -> Image.Image:
    c = Canvas(background=WALL_WARM)
    c.rect((0, 520, W, 760), WALL_SAGE)
    floor(c, 760, color="#d1ab84")
    # house floor bed
    x0, x1, top = 140, 760, 300
    mid = (x0 + x1) / 2
    c.shadow((x0 - 20, 820, x1 + 20, 880), opacity=60)
    c.rect((x0 + 30, 740, x1 - 30, 830), WHITE, radius=16)  # mattress
    c.rect((x0 + 30, 700, x0 + 220, 760), "#f3ece0", radius=20)  # pillow
    c.rect((x0 + 240, 716, x1 - 30, 820), MUSTARD, radius=16)  # blanket
    c.line([(x0 + 260, 740), (x1 - 50, 740)], "#c9932f", 3)
    for px in (x0, x1 - 24):
        c.rect((px, top + 120, px + 24, 850), BIRCH, radius=4)
    c.line([(x0 + 4, top + 130), (mid, top)], BIRCH, 26)
    c.line([(x1 - 4, top + 130), (mid, top)], BIRCH, 26)
    c.rect((x0, 830, x1, 856), BIRCH_EDGE, radius=4)
    c.line([(x0 + 14, 560), (x1 - 14, 560)], BIRCH, 14)
    # garland
    for i in range(7):
        gx = x0 + 90 + i * 72
        gy = 600 + 18 * math.sin(i / 6 * math.pi)
        c.polygon([(gx - 20, gy), (gx + 20, gy), (gx, gy + 34)], [TERRACOTTA, MUSTARD, SAGE, WHITE][i % 4])
    # mirror with a handrail
    c.rect((880, 420, 1130, 700), OAK, radius=20)
    c.rect((896, 436, 1114, 684), "#dfe8ea", radius=14)
    c.polygon([(920, 684), (1010, 436), (1060, 436), (970, 684)], "#eef4f4")
    c.rect((860, 720, 1150, 738), OAK_DARK, radius=9)
    for bx in (880, 1120):
        c.rect((bx - 6, 710, bx + 6, 748), OAK_DARK, radius=3)
    # low shelf with toys
    tops = open_shelf(c, (1200, 600, 1520, 790), levels=1)
    pyramid(c, 1270, tops[0] + 150)
    c.ellipse((1330, tops[0] + 70, 1400, tops[0] + 140), TERRACOTTA)
    c.rect((1420, tops[0] + 80, 1490, tops[0] + 150), "#d9b98c", radius=10)
    plant(c, 1380, 600, 0.55, pot=WHITE_SHADE)
    # weaning table and chair
    c.shadow((900, 880, 1230, 930), opacity=55)
    c.rect((930, 800, 1130, 822), BIRCH, radius=6)
    for lx in (946, 1100):
        c.rect((lx, 822, lx + 16, 910), BIRCH_EDGE, radius=4)
    c.rect((1150, 840, 1250, 858), BIRCH, radius=6)
    c.rect((1232, 770, 1250, 915), BIRCH_EDGE, radius=4)
    c.rect((1152, 858, 1168, 915), BIRCH_EDGE, radius=4)
    c.ellipse((990, 770, 1040, 802), WHITE)  # bowl
    return c.result()


def draw_kitchen() -> Image.Image:
    c = Canvas(background=WALL)
    floor(c, 870, color="#d4b08a")
    left, right = 120, 1220
    # backsplash tiles
    c.rect((left, 400, right, 560), "#f4efe7")
    for y in range(400, 560, 40):
        c.line([(left, y), (right, y)], "#e2d8ca", 2)
        offset = 40 if (y // 40) % 2 else 0
        for x in range(left + offset, right, 80):
            c.line([(x, y), (x, y + 40)], "#e2d8ca", 2)
    # upper cabinets and an open oak shelf
    for x in range(left, 720, 200):
        c.rect((x + 4, 150, x + 196, 370), WHITE, radius=4)
        c.rect((x + 4, 362, x + 196, 370), WHITE_SHADE)
        c.rect((x + 90, 340, x + 110, 346), STEEL, radius=3)
    c.rect((740, 250, 1220, 272), OAK, radius=3)
    c.rect((740, 352, 1220, 374), OAK, radius=3)
    books(c, 760, 250, count=5, max_h=70, seed=1)
    for i, jx in enumerate((960, 1030, 1100, 1160)):
        c.rect((jx, 300, jx + 48, 352), ["#f3ece0", SAGE, "#f3ece0", MUSTARD][i], radius=10)
    plant(c, 1000, 250, 0.4, pot=WHITE_SHADE)
    # hood
    c.polygon([(560, 240), (660, 240), (700, 380), (520, 380)], "#e7e1d8")
    c.rect((520, 372, 700, 392), "#d9d2c7", radius=3)
    # base cabinets
    c.shadow((left - 10, 860, right + 10, 900), opacity=60)
    c.rect((left, 590, right, 860), SAGE, radius=4)
    for x in range(left, right, 220):
        c.line([(x + 220, 590), (x + 220, 860)], SAGE_DARK, 4)
        c.rect((x + 70, 612, x + 150, 620), OAK_DARK, radius=4)
        c.line([(x, 680), (x + 220, 680)], SAGE_DARK, 3)
    c.rect((left, 840, right, 870), "#5c5148")  # plinth
    c.rect((left - 20, 560, right + 20, 596), OAK, radius=4)  # worktop
    c.rect((left - 20, 588, right + 20, 596), OAK_DARK)
    # hob and sink
    c.rect((520, 550, 700, 562), INK, radius=4)
    c.rect((880, 552, 1060, 562), "#b9bcbd", radius=3)
    c.line([(1010, 552), (1010, 470), (960, 470), (960, 490)], STEEL, 8)
    # tall fridge column
    c.shadow((1240, 860, 1500, 900), opacity=60)
    c.rect((1250, 120, 1490, 870), WHITE, radius=4)
    c.line([(1250, 520), (1490, 520)], WHITE_SHADE, 4)
    for y in (470, 560):
        c.rect((1270, y, 1280, y + 60 if y == 470 else y + 120), OAK_DARK, radius=4)
    # cutting board, bowl with lemons
    c.rect((300, 500, 360, 556), OAK_DARK, radius=12)
    c.ellipse((330, 470, 350, 490), OAK_DARK)
    c.ellipse((180, 526, 270, 560), WHITE)
    for lx in (200, 225, 245):
        c.ellipse((lx, 510, lx + 28, 536), MUSTARD)
    pendant(c, 300, 60, TERRACOTTA)
    return c.result()


def draw_children_room() -> Image.Image:
    c = Canvas(background="#f1e7da")
    c.rect((0, 0, W, 120), "#e9ddcc")
    floor(c, 780)
    window(c, (620, 150, 940, 520))
    # wardrobe
    c.shadow((40, 770, 360, 810), opacity=55)
    c.rect((60, 170, 340, 780), WHITE, radius=6)
    c.line([(200, 170), (200, 780)], WHITE_SHADE, 4)
    for hx in (180, 212):
        c.rect((hx, 440, hx + 8, 520), OAK_DARK, radius=4)
    c.rect((80, 200, 180, 300), MUSTARD, radius=50)  # round decal
    # bed
    c.shadow((960, 800, 1560, 850), opacity=60)
    c.rect((980, 500, 1010, 820), BIRCH, radius=6)  # headboard posts
    c.rect((980, 500, 1120, 640), BIRCH, radius=24)
    c.rect((1000, 650, 1540, 760), WHITE, radius=14)
    c.rect((1020, 610, 1150, 670), "#f6efe4", radius=20)
    c.rect((1160, 640, 1540, 770), TERRACOTTA, radius=14)
    c.rect((1160, 700, 1540, 712), "#b65e3e")
    c.rect((990, 760, 1550, 790), BIRCH_EDGE, radius=6)
    c.rect((1520, 690, 1550, 820), BIRCH, radius=6)
    # star pillow
    star = [(1090 + 26 * math.cos(math.radians(a)) * (1 if i % 2 == 0 else 0.45),
             640 + 26 * math.sin(math.radians(a)) * (1 if i % 2 == 0 else 0.45)) for i, a in
            enumerate(range(-90, 270, 36))]  # fmt: skip
    c.polygon(star, MUSTARD)
    # desk, chair, lamp, shelf with books
    c.shadow((380, 770, 640, 810), opacity=55)
    c.rect((400, 560, 640, 582), BIRCH, radius=4)
    c.rect((410, 582, 428, 780), BIRCH_EDGE)
    c.rect((612, 582, 630, 780), BIRCH_EDGE)
    c.rect((428, 590, 520, 640), WHITE, radius=4)  # drawer
    c.line([(560, 560), (590, 470), (550, 440)], INK, 5)
    c.pieslice((510, 420, 590, 480), 180, 360, SAGE)
    c.rect((470, 640, 560, 660), SAGE, radius=8)  # chair seat
    c.rect((540, 560, 560, 780), SAGE_DARK, radius=6)
    c.rect((480, 660, 494, 780), SAGE_DARK, radius=6)
    c.rect((390, 360, 620, 378), OAK, radius=3)
    books(c, 400, 360, count=7, max_h=90, seed=3)
    c.rect((390, 300, 440, 360), "#f3ece0", radius=8)
    # rug
    c.ellipse((380, 830, 960, 960), "#e7d7c0")
    c.ellipse((440, 850, 900, 940), SAGE)
    return c.result()


def draw_custom_furniture() -> Image.Image:
    c = Canvas(background=WALL)
    c.rect((0, 0, W, 60), "#f4ede3")  # ceiling
    floor(c, 880, color="#c59d76")
    x0, x1, y0, y1 = 90, 1510, 90, 880
    c.rect((x0 - 10, y0 - 10, x1 + 10, y1), "#e8dccb")  # niche
    # two oak sliding doors and a mirror door
    doors = [(x0, 560, OAK), (560, 870, "#dbe6e8"), (870, 1090, OAK)]
    for dx0, dx1, color in doors:
        c.rect((dx0 + 4, y0, dx1 - 4, y1 - 30), color)
        if color == OAK:
            for gx in range(int(dx0) + 40, int(dx1) - 20, 46):
                c.line([(gx, y0 + 20), (gx + 8, y1 - 50)], "#bd8a58", 3)
        else:
            c.polygon([(dx0 + 40, y1 - 40), (dx0 + 170, y0 + 10), (dx0 + 240, y0 + 10), (dx0 + 110, y1 - 40)],
                      "#eef4f4")  # fmt: skip
        c.rect((dx1 - 30, 430, dx1 - 20, 560), WALNUT_DARK, radius=4)
    c.rect((x0, y0 - 6, 1090, y0 + 12), WALNUT)  # rail
    # open shelving section with folded clothes, boxes and books
    sx0, sx1 = 1090, x1
    c.rect((sx0, y0, sx1, y1 - 30), WALNUT)
    c.rect((sx0 + 18, y0 + 18, sx1 - 18, y1 - 48), "#efe3d1")
    levels = [230, 380, 530, 680]
    for y in levels:
        c.rect((sx0 + 18, y, sx1 - 18, y + 16), WALNUT)
    folded = [WHITE, SAGE, "#e9dcc6", TERRACOTTA]
    for i, color in enumerate(folded):
        c.rect((sx0 + 50, 230 - 26 * (i + 1), sx0 + 190, 230 - 26 * i - 4), color, radius=6)
    books(c, sx0 + 230, 230, count=6, max_h=100, seed=4)
    c.rect((sx0 + 50, 300, sx0 + 190, 380), "#d9b98c", radius=8)
    c.rect((sx0 + 220, 300, sx0 + 370, 380), WHITE, radius=8)
    plant(c, sx0 + 290, 530, 0.45, pot=WHITE_SHADE)
    c.rect((sx0 + 50, 460, sx0 + 160, 530), MUSTARD, radius=8)
    for i in range(3):  # drawers
        c.rect((sx0 + 40, 700 + i * 52, sx1 - 40, 744 + i * 52), "#8a5a3c", radius=4)
        c.rect(((sx0 + sx1) / 2 - 30, 718 + i * 52, (sx0 + sx1) / 2 + 30, 724 + i * 52), OAK, radius=3)
    c.rect((x0, y1 - 30, x1, y1), WALNUT_DARK)  # plinth
    # a bench with shoes in front
    c.shadow((300, 900, 760, 950), opacity=50)
    c.rect((320, 820, 740, 846), BIRCH, radius=6)
    for lx in (340, 700):
        c.rect((lx, 846, lx + 18, 930), BIRCH_EDGE, radius=4)
    c.rect((420, 790, 500, 820), TERRACOTTA, radius=12)
    c.rect((520, 796, 600, 820), SAGE_DARK, radius=12)
    return c.result()


def draw_design_bureau() -> Image.Image:
    c = Canvas(background="#c79a6b")
    for y in range(0, H, 70):  # desk grain
        c.line([(0, y + 20 * math.sin(y)), (W, y + 30)], "#bb8d5f", 3)
    # drawing sheet with a floor plan
    c.shadow((180, 130, 1080, 900), opacity=70, blur=14)
    c.rect((160, 100, 1060, 860), "#fbf8f2")
    wall = INK
    c.rect((240, 180, 980, 780), None, outline=wall, width=12)
    c.line([(620, 180), (620, 520)], wall, 10)
    c.line([(240, 520), (540, 520)], wall, 10)
    c.line([(700, 520), (980, 520)], wall, 10)
    c.arc((540, 440, 700, 600), 270, 360, wall, 3)  # door swing
    c.arc((540, 440, 700, 600), 180, 270, wall, 3)
    # furniture on the plan
    c.rect((290, 230, 470, 330), SAGE, radius=6)  # bed
    c.rect((290, 230, 470, 250), SAGE_DARK, radius=4)
    c.rect((500, 230, 600, 290), BIRCH, radius=4)  # desk
    c.rect((660, 230, 950, 290), OAK, radius=4)  # kitchen run
    c.ellipse((730, 330, 880, 450), BIRCH)  # round table
    for a in range(0, 360, 90):
        cx = 805 + 95 * math.cos(math.radians(a))
        cy = 390 + 80 * math.sin(math.radians(a))
        c.ellipse((cx - 18, cy - 18, cx + 18, cy + 18), SAGE)
    c.rect((290, 580, 560, 660), TERRACOTTA, radius=20)  # sofa
    c.rect((700, 560, 960, 600), WALNUT, radius=4)  # wardrobe
    c.line([(300, 820), (500, 820)], INK, 2)  # scale bar
    c.line([(300, 810), (300, 830)], INK, 2)
    c.line([(500, 810), (500, 830)], INK, 2)
    # colour swatch fan
    for i, color in enumerate([SAGE, MUSTARD, TERRACOTTA, "#e9dcc6", WALNUT]):
        angle = math.radians(-60 + i * 14)
        cx, cy = 1290, 760
        pts = []
        for dx, dy in ((-30, 0), (30, 0), (30, -360), (-30, -360)):
            pts.append(
                (cx + dx * math.cos(angle) - dy * math.sin(angle), cy + dx * math.sin(angle) + dy * math.cos(angle))
            )
        c.polygon(pts, color)
    c.ellipse((1275, 745, 1305, 775), STEEL)
    # wood samples
    for i, color in enumerate([BIRCH, OAK, WALNUT]):
        c.rect((1150 + i * 130, 120, 1260 + i * 130, 230), color, radius=6)
    # pencil and triangle ruler
    c.line([(1100, 870), (1440, 610)], MUSTARD, 18)
    c.polygon([(1440, 610), (1470, 590), (1452, 624)], "#f0d9b5")
    c.polygon([(1100, 300), (1100, 560), (1360, 560)], "#cfe0df")
    c.polygon([(1140, 400), (1140, 520), (1260, 520)], "#c79a6b")
    # coffee
    c.ellipse((1380, 300, 1540, 460), WHITE)
    c.ellipse((1402, 322, 1518, 438), "#6b4630")
    return c.result()


def draw_academy() -> Image.Image:
    c = Canvas(background=WALL)
    floor(c, 800, color="#d1ab84")
    # pegboard with tools
    c.rect((120, 120, 760, 500), "#dcc3a0", radius=8)
    for x in range(150, 740, 40):
        for y in range(150, 480, 40):
            c.ellipse((x - 3, y - 3, x + 3, y + 3), "#c3a67f")
    c.rect((170, 180, 190, 330), WALNUT, radius=6)  # hammer
    c.rect((140, 170, 220, 200), STEEL, radius=6)
    c.polygon([(260, 180), (400, 180), (400, 260), (260, 300)], "#b7babc")  # saw
    c.rect((400, 170, 450, 270), WALNUT, radius=10)
    c.rect((500, 170, 516, 320), MUSTARD, radius=6)  # screwdriver
    c.rect((504, 320, 512, 400), STEEL)
    c.rect((560, 170, 576, 320), SAGE, radius=6)
    c.rect((564, 320, 572, 390), STEEL)
    c.arc((620, 180, 720, 280), 0, 360, STEEL, 10)  # tape
    c.rect((260, 360, 700, 390), OAK, radius=4)  # ruler shelf
    # easel with a chair sketch
    c.line([(1000, 140), (920, 800)], WALNUT, 14)
    c.line([(1000, 140), (1080, 800)], WALNUT, 14)
    c.rect((850, 180, 1150, 560), "#fbf8f2", radius=4)
    c.rect((840, 560, 1160, 580), WALNUT, radius=4)
    sketch = INK
    c.line([(930, 260), (930, 480)], sketch, 4)
    c.line([(930, 380), (1070, 380)], sketch, 4)
    c.line([(1070, 380), (1070, 480)], sketch, 4)
    c.line([(960, 380), (960, 480)], sketch, 3)
    c.line([(930, 260), (1000, 250)], sketch, 4)
    c.line([(880, 520), (1120, 520)], "#c9b9a6", 2)
    c.text((1088, 450), "45", 22, TERRACOTTA)
    # workbench with a stool in progress
    c.shadow((140, 790, 820, 840), opacity=60)
    c.rect((140, 600, 820, 640), OAK, radius=4)
    for lx in (170, 770):
        c.rect((lx, 640, lx + 30, 800), OAK_DARK, radius=4)
    c.rect((170, 720, 800, 740), OAK_DARK)
    c.rect((380, 520, 560, 540), BIRCH, radius=4)  # stool top
    for lx in (400, 520):
        c.rect((lx, 540, lx + 16, 600), BIRCH_EDGE)
    c.rect((600, 560, 720, 600), "#e7cfa8", radius=4)  # plane
    c.rect((640, 540, 670, 562), WALNUT, radius=6)
    for i in range(5):  # shavings
        c.arc((220 + i * 26, 570, 260 + i * 26, 606), 180, 360, BIRCH_EDGE, 4)
    # stools for students
    for sx in (1180, 1380):
        c.shadow((sx - 20, 790, sx + 160, 830), opacity=50)
        c.ellipse((sx, 620, sx + 140, 660), [SAGE, TERRACOTTA][sx == 1380])
        c.rect((sx + 20, 640, sx + 34, 800), OAK_DARK)
        c.rect((sx + 106, 640, sx + 120, 800), OAK_DARK)
    pendant(c, 1300, 200, SAGE)
    return c.result()


def draw_workshop() -> Image.Image:
    c = Canvas(background="#ebe0d0")
    floor(c, 790, color="#bfa081")
    window(c, (980, 120, 1480, 520))
    # boards leaning against the wall
    for i, color in enumerate([BIRCH, OAK, WALNUT, BIRCH_EDGE, OAK_DARK]):
        x = 90 + i * 58
        c.polygon([(x, 790), (x + 46, 790), (x + 120, 160), (x + 80, 160)], color)
    # shelf with jars
    c.rect((500, 250, 900, 270), OAK, radius=3)
    for i, jx in enumerate(range(520, 880, 72)):
        c.rect((jx, 180, jx + 52, 250), ["#f3ece0", MUSTARD, SAGE, "#f3ece0", TERRACOTTA][i % 5], radius=10)
        c.rect((jx + 6, 170, jx + 46, 186), STEEL, radius=4)
    # workbench with a clamp and a half-made drawer
    c.shadow((460, 780, 1320, 830), opacity=60)
    c.rect((460, 560, 1320, 610), OAK, radius=4)
    c.rect((480, 610, 1300, 640), OAK_DARK)
    for lx in (500, 1250):
        c.rect((lx, 640, lx + 40, 790), OAK_DARK, radius=4)
    c.rect((540, 700, 1260, 720), OAK_DARK)
    c.rect((620, 470, 900, 560), BIRCH, radius=4)
    c.rect((640, 490, 880, 560), "#f1dfc2", radius=2)
    c.rect((960, 440, 980, 560), STEEL)  # clamp
    c.rect((930, 440, 1060, 462), INK, radius=4)
    c.rect((1010, 520, 1200, 560), WALNUT, radius=4)
    for i in range(6):
        c.arc((1060 + i * 22, 532, 1090 + i * 22, 560), 180, 360, BIRCH_EDGE, 4)
    pendant(c, 760, 80, MUSTARD)
    pendant(c, 1100, 60, MUSTARD)
    return c.result()


def draw_materials() -> Image.Image:
    c = Canvas(background=LINEN)
    for y in range(0, H, 14):  # linen weave
        c.line([(0, y), (W, y)], "#e5dacb", 1)
    samples = [
        ((140, 120, 560, 400), OAK, "#b9844f"),
        ((600, 160, 940, 440), WALNUT, "#6a412a"),
        ((980, 100, 1440, 330), BIRCH, BIRCH_EDGE),
    ]
    for (x0, y0, x1, y1), color, grain in samples:
        c.shadow((x0 + 10, y1 - 10, x1 + 10, y1 + 30), opacity=60, blur=12)
        c.rect((x0, y0, x1, y1), color, radius=6)
        for gy in range(y0 + 24, y1 - 10, 28):
            c.line([(x0 + 16, gy), (x0 + (x1 - x0) / 2, gy + 8), (x1 - 16, gy - 4)], grain, 3)
    # plywood edge: layers
    x0, y0 = 1000, 380
    c.shadow((x0, y0 + 170, x0 + 420, y0 + 210), opacity=60, blur=12)
    for i in range(9):
        c.rect((x0, y0 + i * 20, x0 + 420, y0 + i * 20 + 20), BIRCH if i % 2 else BIRCH_EDGE)
    # fabric swatches
    for i, color in enumerate([SAGE, TERRACOTTA, MUSTARD, "#e9dcc6"]):
        x = 170 + i * 70
        c.shadow((x, 850, x + 260, 890), opacity=40, blur=10)
        c.rect((x, 500 + i * 30, x + 260, 860), color, radius=10)
    # handles
    for i, hx in enumerate((720, 800, 880)):
        c.rect((hx, 560, hx + 30, 800), ["#b38b4d", INK, STEEL][i], radius=15)
    c.ellipse((980, 700, 1060, 780), "#b38b4d")
    c.ellipse((1090, 700, 1170, 780), INK)
    # colour chips
    for i, color in enumerate([WHITE, "#d9cfc0", SAGE_DARK, WALNUT_DARK]):
        c.rect((1250 + (i % 2) * 110, 650 + (i // 2) * 110, 1340 + (i % 2) * 110, 740 + (i // 2) * 110), color,
               radius=8)  # fmt: skip
    return c.result()


SCENES = {
    Illustration.HOME: draw_home,
    Illustration.MONTESSORI: draw_montessori,
    Illustration.KITCHEN: draw_kitchen,
    Illustration.CHILDREN_ROOM: draw_children_room,
    Illustration.CUSTOM_FURNITURE: draw_custom_furniture,
    Illustration.DESIGN_BUREAU: draw_design_bureau,
    Illustration.ACADEMY: draw_academy,
    Illustration.WORKSHOP: draw_workshop,
    Illustration.MATERIALS: draw_materials,
}


def logo_mark(size: int, background=WALNUT, foreground="#f6e7d0") -> Image.Image:
    """The mark of logo.svg as a bitmap: a rounded square with a house-shaped frame."""
    c = Canvas(size, size, background=PAPER)
    c.image = Image.new("RGBA", (size * S, size * S), (0, 0, 0, 0))
    c.draw = ImageDraw.Draw(c.image)
    u = size / 64
    c.rect((0, 0, size, size), background, radius=14 * u)
    c.line([(18 * u, 50 * u), (18 * u, 28 * u), (32 * u, 15 * u), (46 * u, 28 * u), (46 * u, 50 * u)], foreground,
           5 * u)  # fmt: skip
    c.line([(14 * u, 50 * u), (50 * u, 50 * u)], foreground, 5 * u)
    c.line([(18 * u, 38 * u), (46 * u, 38 * u)], foreground, 4 * u)
    return c.image.resize((size, size), Image.Resampling.LANCZOS)


def og_card(home: Image.Image) -> Image.Image:
    card = Canvas(1200, 630, background=PAPER)
    art = home.resize((760, 475), Image.Resampling.LANCZOS)
    card.image.paste(art.resize((760 * S, 475 * S)), (440 * S, 78 * S))
    card.rect((0, 0, 470, 630), PAPER)
    mark = logo_mark(88)
    card.image.paste(mark.resize((88 * S, 88 * S)), (64 * S, 96 * S), mark.resize((88 * S, 88 * S)))
    card.text((64, 214), "BaiMuras", 64, INK, bold=True)
    card.text((66, 310), "Мебель на заказ", 30, WALNUT)
    card.text((66, 352), "Монтессори · кухни · детские", 24, INK)
    card.text((66, 388), "Дизайн-бюро · академия", 24, INK)
    card.text((66, 500), "Алматы · Бишкек", 24, SAGE_DARK)
    return card.result()


class Command(BaseCommand):
    help = "Draw the site's illustrations, Open Graph card and favicons into static/img/."

    def handle(self, *args, **options):
        root = Path(settings.BASE_DIR) / "static" / "img"
        site_dir = root / "site"
        site_dir.mkdir(parents=True, exist_ok=True)
        drawings = {}
        for name, draw in SCENES.items():
            image = draw()
            drawings[name] = image
            for width in ILLUSTRATION_WIDTHS:
                size = (width, round(width * H / W))
                scaled = image.resize(size, Image.Resampling.LANCZOS)
                scaled.save(site_dir / f"{name}-{width}.webp", "WEBP", quality=82, method=6)
                scaled.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
                    site_dir / f"{name}-{width}.png", optimize=True
                )
            self.stdout.write(f"drew {name}")
        (root / "og").mkdir(exist_ok=True)
        og_card(drawings[Illustration.HOME]).save(root / "og" / "baimuras-1200x630.png", optimize=True)
        logo_mark(32).save(root / "favicon-32.png", optimize=True)
        logo_mark(180, background=WALNUT).convert("RGBA").save(root / "apple-touch-icon.png", optimize=True)
        self.stdout.write(self.style.SUCCESS(f"Images written to {root}"))
