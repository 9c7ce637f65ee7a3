import { DestroyRef, Injector, afterNextRender, inject } from '@angular/core';
import { NavigationEnd, Router } from '@angular/router';
import { filter } from 'rxjs';

const pageOf = (url: string): string => url.split(/[/?#]/).filter(Boolean)[0] ?? '';

/**
 * When the page changes (not on the first load, not between tabs of one page), moves focus to the
 * new page's heading, so keyboard and screen-reader users start where a full page load would.
 */
export function focusPageHeadingOnNavigation(): void {
  const router = inject(Router);
  const injector = inject(Injector);
  let previousPage: string | null = null;
  const subscription = router.events.pipe(filter((event) => event instanceof NavigationEnd)).subscribe((event) => {
    const page = pageOf(event.urlAfterRedirects);
    const changed = previousPage !== null && page !== previousPage;
    previousPage = page;
    if (!changed) return;
    afterNextRender(
      () => document.querySelector<HTMLElement>('main h2[tabindex="-1"]')?.focus({ preventScroll: true }),
      { injector },
    );
  });
  inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
}
