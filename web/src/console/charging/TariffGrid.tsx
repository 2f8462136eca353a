import { useCallback, useEffect, useRef } from 'react';
import { useI18n } from '../../i18n.tsx';
import { TIER_COLOURS, slotTime, tierName } from './common.tsx';
import type { Tier } from './types.ts';

const TIER_CHARS: Record<Tier, string> = { sharp: '尖', peak: '峰', flat: '平', valley: '谷' };

/**
 * The 48 half-hour slots of a day (00:00–24:00), two rows of twelve hours,
 * each showing its tier. Press on a slot and drag across others to paint
 * them with `paint` (mouse, pen or finger: the slot under the pointer is
 * found from its position, so touch works as well as a mouse).
 */
export function TariffGrid({ slots, paint, onChange, disabled = false }: { slots: Tier[]; paint: Tier; onChange(slots: Tier[]): void; disabled?: boolean }) {
  const { t } = useI18n();
  const painting = useRef(false);
  const latest = useRef(slots);
  latest.current = slots;

  const paintSlot = useCallback(
    (index: number) => {
      if (latest.current[index] === paint) return;
      const next = latest.current.slice();
      next[index] = paint;
      latest.current = next;
      onChange(next);
    },
    [paint, onChange],
  );

  useEffect(() => {
    const stop = () => {
      painting.current = false;
    };
    window.addEventListener('pointerup', stop);
    window.addEventListener('pointercancel', stop);
    return () => {
      window.removeEventListener('pointerup', stop);
      window.removeEventListener('pointercancel', stop);
    };
  }, []);

  const slotAt = (x: number, y: number): number | undefined => {
    const element = document.elementFromPoint(x, y)?.closest('[data-slot]');
    const value = element?.getAttribute('data-slot');
    return value === undefined || value === null ? undefined : Number(value);
  };

  const row = (first: number) => (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(24, 1fr)', gap: 2 }}>
      {slots.slice(first, first + 24).map((tier, i) => {
        const index = first + i;
        return (
          <div
            key={index}
            data-slot={index}
            data-testid={`slot-${index}`}
            data-tier={tier}
            title={`${slotTime(index)}–${slotTime(index + 1)} ${tierName(tier, t)}`}
            style={{
              background: TIER_COLOURS[tier],
              color: '#fff',
              height: 40,
              borderRadius: 3,
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              fontWeight: 600,
              fontSize: 13,
              cursor: disabled ? 'default' : 'crosshair',
              userSelect: 'none',
              touchAction: 'none',
              opacity: disabled ? 0.7 : 1,
            }}
          >
            {TIER_CHARS[tier]}
          </div>
        );
      })}
      {Array.from({ length: 24 }, (_, i) => (
        <div key={`label-${i}`} style={{ fontSize: 10, color: '#888', textAlign: 'left' }}>
          {i % 2 === 0 ? slotTime(first + i) : ''}
        </div>
      ))}
    </div>
  );

  return (
    <div
      data-testid="tariff-grid"
      style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
      onPointerDown={(e) => {
        if (disabled) return;
        const index = slotAt(e.clientX, e.clientY);
        if (index === undefined) return;
        e.preventDefault();
        painting.current = true;
        paintSlot(index);
      }}
      onPointerMove={(e) => {
        if (!painting.current || disabled) return;
        const index = slotAt(e.clientX, e.clientY);
        if (index !== undefined) paintSlot(index);
      }}
    >
      {row(0)}
      {row(24)}
    </div>
  );
}

/** The slots as time ranges per tier: "峰 08:00–11:30, 18:00–21:00". */
export function slotRanges(slots: Tier[]): { tier: Tier; from: number; to: number }[] {
  const ranges: { tier: Tier; from: number; to: number }[] = [];
  slots.forEach((tier, i) => {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last.tier === tier && last.to === i) last.to = i + 1;
    else ranges.push({ tier, from: i, to: i + 1 });
  });
  return ranges;
}
