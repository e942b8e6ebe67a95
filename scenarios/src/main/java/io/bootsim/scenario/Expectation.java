package io.bootsim.scenario;

import io.bootsim.scenario.yaml.Node;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Something that must hold of the cluster, its logs, files or trace; also a {@code wait} condition. */
public sealed interface Expectation {

    Node.Location location();

    /** CSRs by requestor (and signer); {@code condition} as kubectl's CONDITION column shows it. */
    record Csr(Node.Location location, Optional<String> requestor, Optional<String> signer, Optional<String> condition,
               Optional<Integer> count) implements Expectation {
    }

    /** A Node object: registered or not, and its Ready condition's status. */
    record NodeObject(Node.Location location, String name, boolean exists, Optional<String> ready) implements Expectation {
    }

    /** Any stored object by resource and name, with field values by dotted path. */
    record StoredObject(Node.Location location, String resource, String namespace, String name, boolean exists,
                        Map<String, String> fields) implements Expectation {
    }

    /** A component's log: lines that must appear (at least {@code atLeast} times) or must not. */
    record Log(Node.Location location, String component, List<String> contains, List<String> absent,
               Optional<String> matches, int atLeast) implements Expectation {
    }

    /** A file on a host, and the fields of the certificate it holds. */
    record File(Node.Location location, String host, String path, boolean exists, Optional<String> subject,
                Optional<String> issuer, List<String> sans, Optional<Duration> validFor) implements Expectation {
    }

    /** Trace events of a type whose fields equal {@code where} and whose JSON contains each {@code contains}. */
    record Trace(Node.Location location, String type, Map<String, String> where, List<String> contains,
                 Optional<Integer> count, int atLeast) implements Expectation {
    }

    /** A kubelet's phase or exit code, or a control-plane component's exit code. */
    record ComponentState(Node.Location location, String component, Optional<String> phase,
                          Optional<Integer> exitCode, Optional<Boolean> running) implements Expectation {
    }

    /** The diagnosis of the run: its stage (or {@code none}) and words it must mention. */
    record Diagnosis(Node.Location location, String stage, List<String> mentions) implements Expectation {
    }
}
