package io.bootsim.scenario.world;

import io.bootsim.scenario.ScenarioParser;
import io.bootsim.scenario.run.ScenarioResult;
import io.bootsim.scenario.run.ScenarioRunner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kube-apiserver restarts on the same etcd: what was written stays, the bootstrap policy is not made twice. */
class ApiserverRestartTest {

    private static final String SCENARIO = """
            name: apiserver-restart
            description: A binding created before kube-apiserver restarts is still there after it.
            cluster:
              version: "1.33"
              pki:
                - {name: ca, ca: true, cn: kubernetes, cert: /etc/kubernetes/pki/ca.pem, keyFile: /etc/kubernetes/pki/ca-key.pem}
                - {name: apiserver, issuer: ca, cn: kube-apiserver, hosts: [127.0.0.1], usages: [digital signature, key encipherment, server auth], cert: /etc/kubernetes/pki/apiserver.pem, keyFile: /etc/kubernetes/pki/apiserver-key.pem}
              files:
                /etc/kubernetes/token.csv: |
                  5b1d9e3f7a2c4e6b8d0f1a3c5e7b9d2f,admin,admin,"system:masters"
                /etc/kubernetes/admin.kubeconfig:
                  kubeconfig: {server: "https://127.0.0.1:6443", ca: ca, token: 5b1d9e3f7a2c4e6b8d0f1a3c5e7b9d2f, user: admin}
              admin: /etc/kubernetes/admin.kubeconfig
              kube-apiserver:
                flags:
                  - --authorization-mode=Node,RBAC
                  - --token-auth-file=/etc/kubernetes/token.csv
                  - --client-ca-file=/etc/kubernetes/pki/ca.pem
                  - --tls-cert-file=/etc/kubernetes/pki/apiserver.pem
                  - --tls-private-key-file=/etc/kubernetes/pki/apiserver-key.pem
                  - --secure-port=6443
            steps:
              - kubectl: create clusterrolebinding kubelet-bootstrap --clusterrole=system:node-bootstrapper --user=kubelet-bootstrap
              - kubectl: get clusterroles -o name
              - restart: kube-apiserver
              - kubectl: get clusterrolebinding kubelet-bootstrap -o name
                output: |
                  clusterrolebinding.rbac.authorization.k8s.io/kubelet-bootstrap
              - kubectl: auth can-i create certificatesigningrequests --as=kubelet-bootstrap
                output: |
                  yes
              - kubectl: get namespace default -o name
                output: |
                  namespace/default
              - kubectl: get clusterroles -o name
            """;

    @Test
    void objectsSurviveARestartAndTheBootstrapPolicyIsReconciledNotDuplicated() throws Exception {
        ScenarioResult r = new ScenarioRunner().run(ScenarioParser.parse(SCENARIO, "apiserver-restart.yaml"));
        assertTrue(r.passed(), r.failures().toString());
        // the same cluster roles before and after the restart: created where missing, never twice
        assertEquals(r.kubectl().get(1).stdout(), r.kubectl().get(r.kubectl().size() - 1).stdout());
        assertTrue(r.kubectl().get(1).stdout().contains("clusterrole.rbac.authorization.k8s.io/system:node-bootstrapper"));
    }
}
