import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The time as the API reads it where a rule depends on it (the Auth Token's grace period), so a
 * test can move it instead of waiting.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
