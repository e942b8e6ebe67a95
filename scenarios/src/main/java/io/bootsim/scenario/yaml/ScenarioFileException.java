package io.bootsim.scenario.yaml;

/** A mistake in a scenario file: where it is, which field, and what would be valid there. */
public final class ScenarioFileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Node.Location location;
    private final String field;

    public ScenarioFileException(Node.Location location, String field, String message) {
        super(location + ": " + (field.isEmpty() ? "" : field + ": ") + message);
        this.location = location;
        this.field = field;
    }

    public Node.Location location() {
        return location;
    }

    public String field() {
        return field;
    }
}
