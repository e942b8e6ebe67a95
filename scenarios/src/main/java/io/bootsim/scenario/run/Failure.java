package io.bootsim.scenario.run;

import io.bootsim.scenario.yaml.Node;

/** An expectation or step that did not hold, with where it is written. */
public record Failure(Node.Location location, String message) {

    @Override
    public String toString() {
        return "line " + location.line() + ": " + message;
    }
}
