import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';

export interface RemoveOptOutDialogData {
  readonly phoneNumber: string;
}

/** Says what removing a number does (and does not) before it happens; "Cancel" has the focus. */
@Component({
  selector: 'tc-remove-opt-out-dialog',
  imports: [MatDialogModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Remove {{ data.phoneNumber }} from the opt-out list?</h2>
    <mat-dialog-content>
      <p>
        Your organization will text <strong>{{ data.phoneNumber }}</strong> again. Do this only when the person asked to
        receive messages again.
      </p>
      <p>
        Twilio keeps its own list: until the person texts START, Twilio still refuses to send to them (error 21610) and
        the number comes back here.
      </p>
      <p>The removal is recorded in the audit log.</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button [mat-dialog-close]="false" cdkFocusInitial>Cancel</button>
      <button mat-flat-button class="tc-danger" [mat-dialog-close]="true">Remove</button>
    </mat-dialog-actions>
  `,
})
export class RemoveOptOutDialog {
  protected readonly data = inject<RemoveOptOutDialogData>(MAT_DIALOG_DATA);
}
