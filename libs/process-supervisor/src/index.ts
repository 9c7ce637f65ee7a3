// One supervisor for every child process the stand-ins and harnesses start: start it, wait until
// it is ready, capture its output, stop it (SIGTERM, then SIGKILL), leave no orphan behind.
export {
  superviseProcess,
  startSupervised,
  stopAll,
  runningProcesses,
  describeExit,
  ProcessNotReadyError,
  type SuperviseOptions,
  type SupervisedProcess,
  type ExitStatus,
  type OutputMode,
} from './supervised-process';
export { lineMatching, httpStatus, tcpPort, probe, type ReadinessCheck, type ReadinessContext } from './readiness';
export { exitOnSignals } from './shutdown';
