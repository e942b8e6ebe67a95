package io.bootsim.scenario;

import io.bootsim.scenario.yaml.Node;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One thing that happens in a scenario, in file order; each remembers its line for reports. */
public sealed interface Step {

    Node.Location location();

    /** Starts, stops or restarts a component by its name ({@code kube-apiserver}, {@code kubelet/node-0}). */
    record Lifecycle(Node.Location location, Action action, String component) implements Step {
        public enum Action { START, STOP, RESTART }
    }

    /**
     * A kubectl command as the admin types it (after {@code kubectl}); {@code $(kubectl ...)} is
     * replaced by that command's output, as a shell would.
     */
    record Kubectl(Node.Location location, String command, Optional<String> output, Optional<String> matches,
                   Optional<String> error, Optional<Integer> exitCode) implements Step {
    }

    /** Lets virtual time pass: every timer due in that span fires, in order. */
    record Advance(Node.Location location, Duration duration) implements Step {
    }

    /** Sets a component's clock offset from true (virtual) time; negative is behind. */
    record Skew(Node.Location location, String component, Duration by) implements Step {
    }

    /** Runs the cluster until {@code condition} holds; fails if it does not within {@code within} of virtual time. */
    record Wait(Node.Location location, Expectation condition, Duration within) implements Step {
    }

    /** Rewrites a file on a host (all hosts when {@code host} is empty): whole content or one replacement. */
    record EditFile(Node.Location location, Optional<String> host, String path, Optional<String> content,
                    Optional<String> replace, Optional<String> with) implements Step {
    }

    /** Changes a component's command line; it takes effect when the component next starts. */
    record EditFlags(Node.Location location, String component, List<String> add, List<String> remove) implements Step {
    }

    /** Checks expectations at this point. */
    record Expect(Node.Location location, List<Expectation> expectations) implements Step {
        public Expect {
            expectations = List.copyOf(expectations);
        }
    }
}
