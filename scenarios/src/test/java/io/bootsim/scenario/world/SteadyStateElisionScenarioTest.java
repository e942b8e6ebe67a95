package io.bootsim.scenario.world;

import io.bootsim.core.trace.TraceEvent;
import io.bootsim.scenario.ScenarioParser;
import io.bootsim.scenario.run.ScenarioResult;
import io.bootsim.scenario.run.ScenarioRunner;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A year of virtual time costs about what a bootstrap does; what it elides says so, and nothing else changes. */
class SteadyStateElisionScenarioTest {

    private static final String CLUSTER = """
            cluster:
              version: "1.33"
              pki:
                - {name: ca, ca: true, cn: kubernetes, cert: /etc/kubernetes/pki/ca.pem, keyFile: /etc/kubernetes/pki/ca-key.pem}
                - {name: apiserver, issuer: ca, cn: kube-apiserver, hosts: [127.0.0.1], usages: [digital signature, key encipherment, server auth], validFor: 26280h, cert: /etc/kubernetes/pki/apiserver.pem, keyFile: /etc/kubernetes/pki/apiserver-key.pem}
                - {name: controller-manager, issuer: ca, cn: "system:kube-controller-manager", o: ["system:masters"], usages: [digital signature, key encipherment, client auth], validFor: 26280h}
              files:
                /etc/kubernetes/token.csv: |
                  5b1d9e3f7a2c4e6b8d0f1a3c5e7b9d2f,admin,admin,"system:masters"
                  0f3a7c2e9b8d4f6a1c5e7b9d2f4a6c8e,kubelet-bootstrap,10001,"system:bootstrappers"
                /etc/kubernetes/bootstrap.kubeconfig:
                  kubeconfig: {server: "https://127.0.0.1:6443", ca: ca, token: 0f3a7c2e9b8d4f6a1c5e7b9d2f4a6c8e, user: kubelet-bootstrap}
                /etc/kubernetes/admin.kubeconfig:
                  kubeconfig: {server: "https://127.0.0.1:6443", ca: ca, token: 5b1d9e3f7a2c4e6b8d0f1a3c5e7b9d2f, user: admin}
                /etc/kubernetes/controller-manager.kubeconfig:
                  kubeconfig: {server: "https://127.0.0.1:6443", ca: ca, clientCertificate: controller-manager, user: "system:kube-controller-manager"}
              admin: /etc/kubernetes/admin.kubeconfig
              kube-apiserver:
                flags: ["--authorization-mode=Node,RBAC", --token-auth-file=/etc/kubernetes/token.csv, --client-ca-file=/etc/kubernetes/pki/ca.pem, --tls-cert-file=/etc/kubernetes/pki/apiserver.pem, --tls-private-key-file=/etc/kubernetes/pki/apiserver-key.pem, --secure-port=6443]
              kube-controller-manager:
                flags: [--kubeconfig=/etc/kubernetes/controller-manager.kubeconfig, --cluster-signing-cert-file=/etc/kubernetes/pki/ca.pem, --cluster-signing-key-file=/etc/kubernetes/pki/ca-key.pem]
              kubelets:
                - name: node-0
                  start: false
                  flags: [--bootstrap-kubeconfig=/etc/kubernetes/bootstrap.kubeconfig, --kubeconfig=/var/lib/kubelet/kubeconfig, --cert-dir=/var/lib/kubelet/pki, --rotate-certificates=true]
            """;
    private static final String BOOTSTRAP = """
            steps:
              - kubectl: create clusterrolebinding kubelet-bootstrap --clusterrole=system:node-bootstrapper --group=system:bootstrappers
              - kubectl: create clusterrolebinding node-client-auto-approve-csr --clusterrole=system:certificates.k8s.io:certificatesigningrequests:nodeclient --group=system:bootstrappers
              - kubectl: create clusterrolebinding node-client-auto-renew-crt --clusterrole=system:certificates.k8s.io:certificatesigningrequests:selfnodeclient --group=system:nodes
              - start: kubelet/node-0
              - wait: {for: {node: {name: node-0, ready: "True"}}, within: 5m}
            """;

    private static ScenarioResult run(String name, String steps) throws Exception {
        String yaml = "name: " + name + "\ndescription: elision\n" + CLUSTER + BOOTSTRAP + steps;
        ScenarioResult r = new ScenarioRunner().run(ScenarioParser.parse(yaml, name + ".yaml"));
        assertTrue(r.passed(), r.failures().toString());
        return r;
    }

    private static List<TraceEvent> after(ScenarioResult r, String type, Instant from) {
        return r.events().stream().filter(e -> e.type().equals(type) && !e.time().isBefore(from)).toList();
    }

    private static Instant advanceStarts(ScenarioResult r) {
        return r.events().stream().filter(e -> e.type().equals("scenario.advance")).findFirst().orElseThrow().time();
    }

    @Test
    void aYearWithAClientRotationCostsAFewHundredRequests() throws Exception {
        ScenarioResult r = run("year", """
                  - advance: 8760h
                expect:
                  - trace: {type: kubelet.client.certificate, count: 2}
                  - node: {name: node-0, ready: "True"}
                """);
        Instant from = advanceStarts(r);
        int requests = after(r, "http.request", from).size();
        // faithful, the year is 3,153,600 lease renewals and as many status GETs
        assertTrue(requests < 400, requests + " requests during the year");
        long renewals = after(r, "scheduler.elided", from).stream()
                .filter(e -> "lease renewals".equals(e.field("series")))
                .mapToLong(e -> Long.parseLong(String.valueOf(e.field("runs")))).sum();
        assertTrue(renewals > 3_150_000 && renewals < 3_153_600, String.valueOf(renewals));
        assertTrue(after(r, "scheduler.elided", from).size() < 40, "one event per span and series");
    }

    @Test
    void aStoppedKubeletGoesNotReadyAtTheGracePeriodNotWhereASkipLands() throws Exception {
        ScenarioResult r = run("stopped", """
                  - advance: 1h
                  - stop: kubelet/node-0
                  - advance: 24h
                expect:
                  - node: {name: node-0, ready: "Unknown"}
                """);
        Instant stopped = r.events().stream().filter(e -> e.type().equals("component.stop")).findFirst().orElseThrow().time();
        TraceEvent marked = after(r, "controller.nodelifecycle", stopped).get(0);
        // the last renewal was at most 10 s before the stop; 50 s of grace, 5 s passes
        long seconds = java.time.Duration.between(stopped, marked.time()).getSeconds();
        assertTrue(seconds >= 40 && seconds <= 60, seconds + " s after the stop");
        assertEquals(List.of(), after(r, "scheduler.elided", stopped).stream()
                .filter(e -> e.component().equals("kubelet/node-0")).toList(), "a stopped kubelet has no series");
    }
}
