package io.bootsim.diagnose;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * kube-controller-manager signs kubelet client certificates with a CA that kube-apiserver's
 * --client-ca-file does not hold (E4): the CSR is Approved,Issued and the kubelet's first request
 * with the new certificate is 401.
 */
final class ClientCaDiffersFromSigningCa implements StaticCheck {

    @Override
    public List<Finding> check(ClusterSnapshot s) throws IOException {
        List<Finding> out = new ArrayList<>();
        List<X509Certificate> signing = s.certificates(s.controllerManager(), "cluster-signing-cert-file");
        List<X509Certificate> clientCas = s.certificates(s.apiserver(), "client-ca-file");
        if (signing.isEmpty() || clientCas.isEmpty()) {
            return out;
        }
        X509Certificate signer = signing.get(0);
        if (clientCas.stream().noneMatch(signer::equals)) {
            CommandLineFlag f = s.controllerManager().get().flag("cluster-signing-cert-file").orElseThrow();
            String clientCaFile = s.apiserver().get().value("client-ca-file").orElseThrow();
            out.add(new Finding(Severity.WARNING, f.file(), f.line(), "kube-controller-manager signs with \""
                    + signer.getSubjectX500Principal().getName() + "\", which kube-apiserver's --client-ca-file ("
                    + clientCaFile + ") does not hold: the kubelets' issued certificates will be rejected (401)",
                    f.text() + " vs --client-ca-file=" + clientCaFile + " (" + clientCas.stream()
                            .map(c -> c.getSubjectX500Principal().getName()).toList() + ")",
                    "sign with the CA in --client-ca-file, or append the signing CA to it: cat "
                            + f.value().orElse("") + " >> " + clientCaFile + " and restart kube-apiserver"));
        }
        return out;
    }
}
