import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ApiProblem } from '../api/api-problem';
import { Icon } from './icon';

/** An API failure in words, announced to screen readers when it appears. */
@Component({
  selector: 'tc-problem-alert',
  imports: [Icon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'alert', class: 'tc-alert tc-alert--error' },
  template: `
    <tc-icon name="error" />
    <div>
      <p class="tc-alert__message">{{ problem().message }}</p>
      @if (problem().detail && showDetail()) {
        <p class="tc-alert__detail">Details from the API: {{ problem().detail }}</p>
      }
      @if (problem().twilioDocsUrl; as docs) {
        <p class="tc-alert__detail">
          <a [href]="docs" target="_blank" rel="noopener noreferrer">What Twilio error {{ problem().twilioCode }} means</a>
        </p>
      }
    </div>
  `,
})
export class ProblemAlert {
  readonly problem = input.required<ApiProblem>();
  /** The API's own message adds little where ours already names the field and the fix. */
  readonly showDetail = input(true);
}
