package io.bootsim.scenario.report;

import io.bootsim.scenario.ScenarioParser;
import io.bootsim.scenario.run.ScenarioResult;
import io.bootsim.scenario.run.ScenarioRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `bootsim explain` on bundled scenarios: what a learner reads. */
class NarrationTest {

    private static ScenarioResult seed;
    private static String seedText;
    private static ScenarioResult signing;

    @BeforeAll
    static void run() throws Exception {
        ScenarioRunner runner = new ScenarioRunner();
        seed = runner.run(ScenarioParser.parse(Path.of("suite", "seed-flow-1.33.yaml")));
        seedText = Narration.text(seed);
        signing = runner.run(ScenarioParser.parse(Path.of("suite", "signing-flags-missing.yaml")));
    }

    @Test
    void theSeedFlowIsToldInTheOrderItHappens() {
        int csr = seedText.indexOf("kubelet/node-0 -> kube-apiserver: POST /apis/certificates.k8s.io/v1/certificatesigningrequests: 201 Created");
        int approved = seedText.indexOf("csrapproving, csr-");
        int signed = seedText.indexOf("csrsigning (kubernetes.io/kube-apiserver-client-kubelet)");
        int written = seedText.indexOf("kubelet/node-0 writes /var/lib/kubelet/pki/kubelet-client-");
        int registered = seedText.indexOf("kubelet/node-0 registered its Node node-0");
        assertTrue(csr > 0 && csr < approved && approved < signed && signed < written && written < registered, seedText);
        assertTrue(seedText.strip().endsWith("kubelet/node-0: Node node-0 registered, serving certificate signed"), seedText);
    }

    @Test
    void theBootstrapRequestShowsTheAuthenticatorAndEveryAuthorizerInChainOrder() {
        String csrStep = step("kubelet/node-0 -> kube-apiserver: POST /apis/certificates.k8s.io/v1/certificatesigningrequests: 201");
        assertTrue(csrStep.contains("=> token-file matched: user \"kubelet-bootstrap\", groups [system:node-bootstrapper, system:authenticated]"), csrStep);
        int node = csrStep.indexOf("Node: no opinion");
        int abac = csrStep.indexOf("ABAC: no opinion (No policy matched.)");
        int rbac = csrStep.indexOf("RBAC: allowed by ClusterRoleBinding \"kubelet-bootstrap\" of ClusterRole \"system:node-bootstrapper\"");
        assertTrue(node > 0 && node < abac && abac < rbac, csrStep);
        assertTrue(csrStep.contains("storage: created certificatesigningrequests.certificates.k8s.io \"csr-"), csrStep);
    }

    @Test
    void theApproverSaysWhyAndTheSignerWhatItSigned() {
        assertTrue(seedText.contains("recognized as nodeclient; SubjectAccessReview allowed: RBAC: allowed by ClusterRoleBinding "
                + "\"node-client-auto-approve-csr\""), seedText);
        assertTrue(seedText.matches("(?s).*csrsigning \\(kubernetes.io/kube-apiserver-client-kubelet\\), csr-\\w+: signed: "
                + "signed serial=\\w+ notAfter=2018-12-31T23:55:00Z.*"), seedText);
        assertTrue(seedText.contains("anything else waits for a person: kubectl certificate approve csr-"), seedText);
    }

    @Test
    void registrationSaysWhatUpstreamDoesWhereTheSeedPostIsLoose() {
        String registered = step("kubelet/node-0 registered its Node node-0");
        assertTrue(registered.contains("it does not wait for the serving certificate"), registered);
        assertTrue(registered.contains("upstream lists the node from here on"), registered);
    }

    @Test
    void noiseIsFoldedAndKubectlDiscoveryCounted() {
        assertFalse(seedText.contains("watch=true"), seedText);
        assertTrue(seedText.contains("kube-controller-manager: list nodes, list certificatesigningrequests"), seedText);
        assertTrue(seedText.contains("(2 API discovery requests folded)"), seedText);
        assertTrue(seedText.contains("admin runs: kubectl get csr\n"), seedText);
    }

    @Test
    void aDecisionToldBeforeIsReferredTo() {
        assertTrue(seedText.contains("authentication: token-file matched: user \"admin\" (as in step "), seedText);
    }

    @Test
    void secretsNeverAppearInFull() {
        for (String token : List.of("5b1d9e3f7a2c4e6b8d0f1a3c5e7b9d2f", "0f3a7c2e9b8d4f6a1c5e7b9d2f4a6c8e")) {
            assertFalse(seedText.contains(token), token);
        }
        assertTrue(seedText.contains("token-file 0f3a7c...:"));
    }

    @Test
    void aStoppedBootstrapEndsWithTheDiagnosisAndItsFix() {
        String text = Narration.text(signing);
        String outcome = text.substring(text.lastIndexOf("\n\n") + 2);
        assertTrue(outcome.startsWith("Stopped at: signing"), outcome);
        assertTrue(outcome.contains("Fix: "), outcome);
        assertTrue(outcome.contains("--cluster-signing-cert-file"), outcome);
    }

    @Test
    void theSameTraceIsToldTheSameWay() {
        assertEquals(seedText, Narration.text(seed));
        assertEquals(Walkthrough.of(seed.events()).size(), Narration.steps(seed.events(), seed.scenario().cluster().start()).size());
    }

    /** The step whose headline contains {@code headline}, with its details. */
    private static String step(String headline) {
        int at = seedText.indexOf(headline);
        assertTrue(at >= 0, headline + " in\n" + seedText);
        int end = seedText.indexOf("\n", at);
        while (end >= 0 && end + 1 < seedText.length() && seedText.charAt(end + 1) == ' '
                && !seedText.substring(end + 1).matches("(?s) {0,3}\\d+\\. .*")) {
            end = seedText.indexOf("\n", end + 1);
        }
        return seedText.substring(at, end < 0 ? seedText.length() : end);
    }
}
