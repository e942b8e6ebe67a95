package io.bootsim.core.flags;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlagSetTest {

    private final FlagSet flags = new FlagSet("kube-apiserver");
    private final Flag<Long> securePort = flags.add("Secure serving",
            Flag.of("secure-port", FlagType.INT, 6443L, "The port on which to serve HTTPS with authentication and authorization."));
    private final Flag<String> certDir = flags.add("Secure serving",
            Flag.of("cert-dir", FlagType.STRING, "/var/run/kubernetes", "The directory where the TLS certs are located."));
    private final Flag<Boolean> anonymous = flags.add("Authentication",
            Flag.of("anonymous-auth", FlagType.BOOL, true, "Enables anonymous requests to the secure port of the API server."));
    private final Flag<List<String>> modes = flags.add("Authorization",
            Flag.of("authorization-mode", FlagType.STRING_SLICE, List.of("AlwaysAllow"), "Ordered list of plug-ins to do authorization on secure port."));
    private final Flag<Map<String, Boolean>> gates = flags.add("Feature gate",
            Flag.of("feature-gates", FlagType.MAP_STRING_BOOL, Map.of(), "A set of key=value pairs that describe feature gates for alpha/experimental features."));
    private final Flag<Duration> duration = flags.add("Signing",
            Flag.of("cluster-signing-duration", FlagType.DURATION, Duration.ofDays(365), "The max length of duration signed certificates will be given."));
    private final Flag<Integer> verbosity = flags.add("Logging",
            Flag.of("v", FlagType.INT32, 0, "number for the log level verbosity").shorthand("v"));
    private final Flag<Boolean> insecure = flags.add("Deprecated",
            Flag.of("insecure-port", FlagType.BOOL, false, "unused").deprecated("This flag has no effect now and will be removed in v1.24."));
    private final Flag<Map<String, String>> labels = flags.add("Misc",
            Flag.of("node-labels", FlagType.MAP_STRING_STRING, Map.of(), "Labels to add when registering the node in the cluster."));
    private final Flag<String> logDir = flags.add("Misc",
            Flag.of("log-dir", FlagType.STRING, "", "If non-empty, write log files in this `directory`").acceptedButIgnored());

    private ParsedFlags parse(String... args) throws FlagParseException {
        return flags.parse(Arrays.asList(args));
    }

    @Test
    void ignoredBooleanFlagsDoNotSwallowTheNextArgument() throws Exception {
        FlagSet flags = new FlagSet("kubelet");
        Flag<String> config = flags.add("Main", Flag.of("config", FlagType.STRING, "", "config file"));
        flags.acceptIgnored(List.of("cluster-dns"), List.of("fail-swap-on"));
        ParsedFlags parsed = flags.parse(List.of("--fail-swap-on", "--config", "/etc/kubelet.yaml", "--cluster-dns=10.0.0.10"));
        assertEquals("/etc/kubelet.yaml", parsed.get(config));
        assertTrue(flags.usage().contains(FlagSet.IGNORED_SECTION));
    }

    @Test
    void longFlagsTakeTheirValueAfterEqualsOrAsTheNextArgument() throws Exception {
        ParsedFlags p = parse("--secure-port=7443", "--cert-dir", "/tmp/certs");

        assertEquals(7443L, p.get(securePort));
        assertEquals("/tmp/certs", p.get(certDir));
        assertTrue(p.isSet(securePort));
        assertFalse(p.isSet(anonymous));
        assertEquals(true, p.get(anonymous));
    }

    @Test
    void aBooleanNeverConsumesTheNextArgument() throws Exception {
        ParsedFlags p = parse("--anonymous-auth", "false");

        assertEquals(true, p.get(anonymous));
        assertEquals(List.of("false"), p.args());
        assertEquals(false, parse("--anonymous-auth=false").get(anonymous));
    }

    @Test
    void aFlagGivenWithItsDefaultStillCountsAsSet() throws Exception {
        assertTrue(parse("--secure-port=6443").isSet(securePort));
    }

    @Test
    void commaListsReplaceTheDefaultAndRepeatedFlagsAppend() throws Exception {
        assertEquals(List.of("Node", "RBAC", "Webhook"), parse("--authorization-mode=Node,RBAC", "--authorization-mode", "Webhook").get(modes));
        assertEquals(List.of("AlwaysAllow"), parse().get(modes));
    }

    @Test
    void featureGatesParseAsGoBoolsAndMerge() throws Exception {
        ParsedFlags p = parse("--feature-gates=A=true, B=false", "--feature-gates=C=1");

        assertEquals(Map.of("A", true, "B", false, "C", true), p.get(gates));
    }

    @Test
    void mapStringStringKeepsPairs() throws Exception {
        assertEquals(Map.of("role", "worker", "zone", "a=b"), parse("--node-labels=role=worker,zone=a=b").get(labels));
    }

    @Test
    void shorthandsTakeTheirValueAttachedAfterEqualsOrNext() throws Exception {
        assertEquals(2, parse("-v", "2").get(verbosity));
        assertEquals(3, parse("-v=3").get(verbosity));
        assertEquals(4, parse("-v4").get(verbosity));
        assertEquals(5, parse("--v=5").get(verbosity));
    }

    @Test
    void underscoresInNamesAreReadAsDashes() throws Exception {
        assertEquals("/x", parse("--cert_dir=/x").get(certDir));
    }

    @Test
    void doubleDashEndsFlagsAndPositionalArgumentsAreKept() throws Exception {
        ParsedFlags p = parse("one", "--secure-port=1", "-", "--", "--cert-dir=x");

        assertEquals(List.of("one", "-", "--cert-dir=x"), p.args());
        assertEquals("/var/run/kubernetes", p.get(certDir));
    }

    @Test
    void aDeprecatedFlagIsAppliedWithPflagsWarning() throws Exception {
        ParsedFlags p = parse("--insecure-port");

        assertEquals(true, p.get(insecure));
        assertEquals(List.of("Flag --insecure-port has been deprecated, This flag has no effect now and will be removed in v1.24."), p.warnings());
    }

    @Test
    void durationsParseAsGoDoes() throws Exception {
        assertEquals(Duration.ofMinutes(90), parse("--cluster-signing-duration=1h30m").get(duration));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "--foo                          | unknown flag: --foo",
            "--foo=bar                      | unknown flag: --foo",
            "-x                             | unknown shorthand flag: 'x' in -x",
            "-vx                            | invalid argument \"x\" for \"-v, --v\" flag: strconv.ParseInt: parsing \"x\": invalid syntax",
            "--secure-port                  | flag needs an argument: --secure-port",
            "-v                             | flag needs an argument: 'v' in -v",
            "--secure-port=abc              | invalid argument \"abc\" for \"--secure-port\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax",
            "--secure-port=99999999999999999999 | invalid argument \"99999999999999999999\" for \"--secure-port\" flag: strconv.ParseInt: parsing \"99999999999999999999\": value out of range",
            "-v=3000000000                  | invalid argument \"3000000000\" for \"-v, --v\" flag: strconv.ParseInt: parsing \"3000000000\": value out of range",
            "---x                           | bad flag syntax: ---x",
            "--=x                           | bad flag syntax: --=x",
            "--anonymous-auth=yes           | invalid argument \"yes\" for \"--anonymous-auth\" flag: strconv.ParseBool: parsing \"yes\": invalid syntax",
            "--feature-gates=A=abc          | invalid argument \"A=abc\" for \"--feature-gates\" flag: invalid value of A=abc, err: strconv.ParseBool: parsing \"abc\": invalid syntax",
            "--feature-gates=A              | invalid argument \"A\" for \"--feature-gates\" flag: missing bool value for A",
            "--node-labels=a                | invalid argument \"a\" for \"--node-labels\" flag: malformed pair, expect string=string",
            "--cluster-signing-duration=5   | invalid argument \"5\" for \"--cluster-signing-duration\" flag: time: missing unit in duration \"5\"",
            "--cluster-signing-duration=1y  | invalid argument \"1y\" for \"--cluster-signing-duration\" flag: time: unknown unit \"y\" in duration \"1y\"",
            "--cluster-signing-duration=abc | invalid argument \"abc\" for \"--cluster-signing-duration\" flag: time: invalid duration \"abc\"",
    })
    void badCommandLinesFailWithPflagsMessages(String arg, String message) {
        FlagParseException e = assertThrows(FlagParseException.class, () -> parse(arg));

        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0x1F, 31", "0o17, 15", "017, 15", "0b101, 5", "-42, -42", "1_000_000, 1000000", "_1, ", "1__0, ", "0_17, 15", "0x_1F, 31"})
    void integersParseWithGosBaseZeroRules(String text, Long expected) {
        if (expected == null) {
            assertThrows(IllegalArgumentException.class, () -> Strconv.parseInt(text, 64));
        } else {
            assertEquals(expected, Strconv.parseInt(text, 64));
        }
    }

    @ParameterizedTest
    @CsvSource({"8760h, 8760h0m0s", "1h30m, 1h30m0s", "5m, 5m0s", "1.5h, 1h30m0s", "90s, 1m30s", "500ms, 500ms",
            "1.5s, 1.5s", "0, 0s", "2us, 2µs", "3ns, 3ns", "-1m, -1m0s", "1h0.5s, 1h0m0.5s"})
    void durationsRoundTripThroughGosStringForm(String text, String printed) {
        assertEquals(printed, GoDuration.format(GoDuration.parse(text)));
    }

    @ParameterizedTest
    @CsvSource({"0.5, 0.5", "100000, 100000", "1e21, 1e+21", "0.00001, 1e-05", "2.5e-3, 0.0025"})
    void floatsPrintAsGosFormatFloatG(double value, String printed) {
        assertEquals(printed, Strconv.formatFloat(value));
    }

    @Test
    void helpListsEveryFlagWithTypeAndDefaultInPflagsLayout() {
        String expected = """
                Usage:
                  kube-apiserver [flags]

                Secure serving flags:

                      --cert-dir string   The directory where the TLS certs are located. (default "/var/run/kubernetes")
                      --secure-port int   The port on which to serve HTTPS with authentication and authorization. (default 6443)

                Authentication flags:

                      --anonymous-auth   Enables anonymous requests to the secure port of the API server. (default true)

                Authorization flags:

                      --authorization-mode strings   Ordered list of plug-ins to do authorization on secure port. (default [AlwaysAllow])

                Feature gate flags:

                      --feature-gates mapStringBool   A set of key=value pairs that describe feature gates for alpha/experimental features.

                Signing flags:

                      --cluster-signing-duration duration   The max length of duration signed certificates will be given. (default 8760h0m0s)

                Logging flags:

                  -v, --v int32   number for the log level verbosity

                Misc flags:

                      --node-labels mapStringString   Labels to add when registering the node in the cluster.

                Global flags:

                  -h, --help   help for kube-apiserver

                Accepted but ignored flags:

                      --log-dir directory   If non-empty, write log files in this directory
                """;
        assertEquals(expected, flags.usage());
    }

    @Test
    void commandPrintsErrorPrefixedAndExitsOneOnAnUnknownFlag() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Command kubelet = new Command(flags, "", "failed to parse kubelet flag: ", false);

        int code = kubelet.execute(List.of("--foo"), print(out), print(err), p -> 0);

        assertEquals(1, code);
        assertEquals("Error: failed to parse kubelet flag: unknown flag: --foo\n", err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void commandPrintsHelpToStdoutAndExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Command.of(flags, "The Kubernetes API server validates and configures data.")
                .execute(List.of("-h"), print(out), print(err), p -> 7);

        assertEquals(0, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("The Kubernetes API server validates and configures data.\n\nUsage:\n  kube-apiserver [flags]\n"));
    }

    @Test
    void commandRunsWithParsedFlagsAndReportsDeprecationsOnStderr() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Command.of(flags, "").execute(List.of("--insecure-port", "--secure-port=1"), print(new ByteArrayOutputStream()),
                print(err), p -> p.get(securePort).intValue() + 1);

        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Flag --insecure-port has been deprecated"));
    }

    @Test
    void readingAFlagFromAnotherFlagSetIsAProgrammingError() throws Exception {
        Flag<String> foreign = Flag.of("other", FlagType.STRING, "", "");
        ParsedFlags p = parse();

        assertThrows(IllegalArgumentException.class, () -> p.get(foreign));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
