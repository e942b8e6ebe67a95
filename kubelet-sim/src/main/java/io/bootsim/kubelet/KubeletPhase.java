package io.bootsim.kubelet;

/** Where a kubelet stands on its way to a registered, heart-beating node; every change is traced. */
public enum KubeletPhase {
    /** Flags read, nothing decided yet. */
    STARTING,
    /** Waiting for a client certificate (bootstrap or rotation from nothing). */
    BOOTSTRAPPING,
    /** A client certificate exists; creating the Node. */
    REGISTERING,
    /** Node registered; status and lease heartbeats running. */
    RUNNING,
    /** Standalone: no --kubeconfig, no API server. */
    STANDALONE,
    /** Stopped or exited (see {@link Kubelet#exitCode()}). */
    EXITED
}
