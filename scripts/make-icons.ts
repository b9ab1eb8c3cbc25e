/**
 * Draws the two Teams app icons with plain geometry and writes them as PNG (Node zlib only):
 *   appPackage/color.png    192x192, full colour: white handset on the accent colour
 *   appPackage/outline.png   32x32, white handset on a transparent background
 *
 * Run: npx tsx scripts/make-icons.ts   (the output is committed; re-run only to change the artwork)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodePng } from './lib/app-package';

/** Must match accentColor in appPackage/manifest.json. */
export const ACCENT = { hex: '#5B5FC7', rgb: [0x5b, 0x5f, 0xc7] as const };

type Point = { x: number; y: number };

// The handset, in unit coordinates (0..1, y pointing down): a thick arc bowed towards the lower left,
// with an earpiece (upper left) and a mouthpiece (lower right) pointing towards the arc's centre.
const ARC_CENTRE: Point = { x: 0.86, y: 0.14 };
const ARC_RADIUS = 0.66;
const ARC_HALF_WIDTH = 0.095;
const ARC_FROM = (86 * Math.PI) / 180; // mouthpiece end
const ARC_TO = (184 * Math.PI) / 180; // earpiece end
const PAD_LENGTH = 0.13;
const PAD_RADIUS = 0.125;

function onArc(angle: number): Point {
  return { x: ARC_CENTRE.x + ARC_RADIUS * Math.cos(angle), y: ARC_CENTRE.y + ARC_RADIUS * Math.sin(angle) };
}

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const abx = b.x - a.x;
  const aby = b.y - a.y;
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * abx + (p.y - a.y) * aby) / (abx * abx + aby * aby)));
  return Math.hypot(p.x - (a.x + t * abx), p.y - (a.y + t * aby));
}

/** Pad: a capsule from the arc end, a little back along the arc, towards the arc centre. */
function pad(angle: number, backwards: number): [Point, Point] {
  const end = onArc(angle + backwards);
  const len = Math.hypot(ARC_CENTRE.x - end.x, ARC_CENTRE.y - end.y);
  const dir = { x: (ARC_CENTRE.x - end.x) / len, y: (ARC_CENTRE.y - end.y) / len };
  const start = { x: end.x + dir.x * (PAD_RADIUS - ARC_HALF_WIDTH), y: end.y + dir.y * (PAD_RADIUS - ARC_HALF_WIDTH) };
  return [start, { x: end.x + dir.x * PAD_LENGTH, y: end.y + dir.y * PAD_LENGTH }];
}

const EARPIECE = pad(ARC_TO, -0.13);
const MOUTHPIECE = pad(ARC_FROM, 0.13);

/** True when the unit-square point lies inside the handset. */
export function insideHandset(p: Point): boolean {
  const dx = p.x - ARC_CENTRE.x;
  const dy = p.y - ARC_CENTRE.y;
  let angle = Math.atan2(dy, dx);
  if (angle < 0) angle += 2 * Math.PI;
  if (angle >= ARC_FROM && angle <= ARC_TO && Math.abs(Math.hypot(dx, dy) - ARC_RADIUS) <= ARC_HALF_WIDTH) return true;
  return distanceToSegment(p, EARPIECE[0], EARPIECE[1]) <= PAD_RADIUS || distanceToSegment(p, MOUTHPIECE[0], MOUTHPIECE[1]) <= PAD_RADIUS;
}

/** Bounding box of the glyph, found by sampling, so the drawing can be centred whatever its geometry. */
const BOUNDS = (() => {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const steps = 600;
  for (let i = 0; i <= steps; i++) {
    for (let j = 0; j <= steps; j++) {
      const p = { x: -0.5 + (2 * i) / steps, y: -0.5 + (2 * j) / steps };
      if (!insideHandset(p)) continue;
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
    }
  }
  const side = Math.max(maxX - minX, maxY - minY);
  return { x: (minX + maxX - side) / 2, y: (minY + maxY - side) / 2, side };
})();

/** Coverage 0..1 of each pixel by the glyph (4x4 supersampling); the glyph is centred in [margin, size - margin]. */
export function coverage(size: number, margin: number): Float64Array {
  const samples = 4;
  const result = new Float64Array(size * size);
  const inner = size - 2 * margin;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const px = BOUNDS.x + ((x + (sx + 0.5) / samples - margin) / inner) * BOUNDS.side;
          const py = BOUNDS.y + ((y + (sy + 0.5) / samples - margin) / inner) * BOUNDS.side;
          if (insideHandset({ x: px, y: py })) hits++;
        }
      }
      result[y * size + x] = hits / (samples * samples);
    }
  }
  return result;
}

export function colorIcon(): Buffer {
  const size = 192;
  const cover = coverage(size, 44);
  const rgb = Buffer.alloc(size * size * 3);
  for (let i = 0; i < size * size; i++) {
    const c = cover[i] as number;
    for (let k = 0; k < 3; k++) {
      rgb[i * 3 + k] = Math.round((ACCENT.rgb[k] as number) * (1 - c) + 255 * c);
    }
  }
  return encodePng(size, size, rgb, { alpha: false });
}

export function outlineIcon(): Buffer {
  const size = 32;
  const cover = coverage(size, 2);
  const rgba = Buffer.alloc(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    rgba[i * 4] = 255;
    rgba[i * 4 + 1] = 255;
    rgba[i * 4 + 2] = 255;
    rgba[i * 4 + 3] = Math.round(255 * (cover[i] as number));
  }
  return encodePng(size, size, rgba, { alpha: true });
}

if (require.main === module) {
  const appDir = path.join(__dirname, '..', 'appPackage');
  fs.mkdirSync(appDir, { recursive: true });
  fs.writeFileSync(path.join(appDir, 'color.png'), colorIcon());
  fs.writeFileSync(path.join(appDir, 'outline.png'), outlineIcon());
  console.log('Wrote appPackage/color.png (192x192) and appPackage/outline.png (32x32)');
}
