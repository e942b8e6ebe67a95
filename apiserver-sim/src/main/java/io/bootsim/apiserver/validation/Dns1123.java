package io.bootsim.apiserver.validation;

import io.bootsim.core.version.KubeVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * RFC 1123 label and subdomain checks with upstream's messages (apimachinery
 * pkg/util/validation/validation.go IsDNS1123Label, IsDNS1123Subdomain, MaxLenError, RegexError).
 * Each returns the problems found, empty when the value is valid.
 */
public final class Dns1123 {

    public static final int LABEL_MAX_LENGTH = 63;
    public static final int SUBDOMAIN_MAX_LENGTH = 253;

    private static final String LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String SUBDOMAIN_FMT = LABEL_FMT + "(\\." + LABEL_FMT + ")*";
    private static final Pattern LABEL = Pattern.compile(LABEL_FMT);
    private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_FMT);

    // RegexError's example list really has two spaces before "or" (a quirk of its loop).
    private static final String LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
            + "characters or '-', and must start and end with an alphanumeric character "
            + "(e.g. 'my-name',  or '123-abc', regex used for validation is '" + LABEL_FMT + "')";
    private static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
            + "(e.g. 'example.com', regex used for validation is '" + SUBDOMAIN_FMT + "')";

    private Dns1123() {
    }

    public static List<String> label(String value, KubeVersion version) {
        return check(value, LABEL_MAX_LENGTH, LABEL, LABEL_MSG, version);
    }

    public static List<String> subdomain(String value, KubeVersion version) {
        return check(value, SUBDOMAIN_MAX_LENGTH, SUBDOMAIN, SUBDOMAIN_MSG, version);
    }

    /** "must be no more than N characters"; newer releases say bytes (UNCERTAIN: assumed 1.32, with field.TooLong). */
    public static String maxLenError(int length, KubeVersion version) {
        return "must be no more than " + length + (version.atLeast(1, 32) ? " bytes" : " characters");
    }

    private static List<String> check(String value, int max, Pattern pattern, String msg, KubeVersion version) {
        List<String> errs = new ArrayList<>();
        if (value.length() > max) {
            errs.add(maxLenError(max, version));
        }
        if (!pattern.matcher(value).matches()) {
            errs.add(msg);
        }
        return errs;
    }
}
