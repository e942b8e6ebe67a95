package io.bootsim.scenario.diagnosis;

/**
 * Why a bootstrap did not complete, in the user's terms: the stage that stopped, the component
 * and the decisive event, the root cause (flag, file, binding, certificate field) and the fix as
 * a command or flag to change.
 */
public record Diagnosis(Stage stage, String component, String decisiveEvent, String cause, String fix) {

    /** One line: {@code stopped at: signing}. */
    public String summary() {
        return "stopped at: " + stage.label();
    }

    /** Cause and fix as a paragraph. */
    public String text() {
        return cause + "\nFix: " + fix;
    }
}
