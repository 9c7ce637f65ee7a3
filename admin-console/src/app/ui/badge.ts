import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { Icon, IconName } from './icon';

export type BadgeTone = 'ok' | 'warn' | 'off' | 'info';

const TONE_ICONS: Readonly<Record<BadgeTone, IconName>> = { ok: 'checkCircle', warn: 'warning', off: 'info', info: 'info' };

/** A status word with an icon and a colour; the word alone carries the meaning (not the colour). */
@Component({
  selector: 'tc-badge',
  imports: [Icon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'tc-badge', '[class]': '"tc-badge--" + tone()' },
  template: `<tc-icon [name]="icon()" /><span><ng-content /></span>`,
  styles: `
    :host {
      display: inline-flex; align-items: center; gap: 4px; padding: 2px 10px 2px 6px;
      border-radius: 999px; font: var(--mat-sys-label-large); line-height: 24px;
    }
    :host tc-icon { width: 18px; height: 18px; }
    :host(.tc-badge--ok) { background: #dff5e3; color: #0d5323; }
    :host(.tc-badge--warn) { background: #fdecd2; color: #7a4100; }
    :host(.tc-badge--off) { background: #e8e8ec; color: #3b3b45; }
    :host(.tc-badge--info) { background: #dde8fb; color: #123f86; }
  `,
})
export class Badge {
  readonly tone = input<BadgeTone>('info');
  protected readonly icon = computed(() => TONE_ICONS[this.tone()]);
}
