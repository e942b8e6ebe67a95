package io.bootsim.apiserver.registry.certificates;

import io.bootsim.core.version.KubeVersion;

import java.util.ArrayList;
import java.util.List;

/**
 * The certificates.k8s.io API group as the CSR API defines it: names, well-known signers, key
 * usages, condition types (k8s.io/api certificates/v1/types.go), and which versions an emulated
 * release serves (v1beta1 until 1.21, v1 from 1.19).
 */
public final class Certificates {

    public static final String GROUP = "certificates.k8s.io";
    public static final String RESOURCE = "certificatesigningrequests";
    public static final String KIND = "CertificateSigningRequest";
    public static final String V1 = "v1";
    public static final String V1BETA1 = "v1beta1";

    public static final String KUBE_APISERVER_CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client";
    public static final String KUBE_APISERVER_CLIENT_KUBELET_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
    public static final String KUBELET_SERVING_SIGNER = "kubernetes.io/kubelet-serving";
    public static final String LEGACY_UNKNOWN_SIGNER = "kubernetes.io/legacy-unknown";

    public static final String APPROVED = "Approved";
    public static final String DENIED = "Denied";
    public static final String FAILED = "Failed";

    public static final String DIGITAL_SIGNATURE = "digital signature";
    public static final String KEY_ENCIPHERMENT = "key encipherment";
    public static final String CLIENT_AUTH = "client auth";
    public static final String SERVER_AUTH = "server auth";

    /** The 23 valid spec.usages values, sorted as upstream lists them in "supported values". */
    public static final List<String> USAGES = List.of(
            "any", "cert sign", "client auth", "code signing", "content commitment", "crl sign",
            "data encipherment", "decipher only", "digital signature", "email protection", "encipher only",
            "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement", "key encipherment",
            "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping");

    private Certificates() {
    }

    /**
     * The versions of certificates.k8s.io served, preferred first: v1beta1 alone until 1.18, both
     * in 1.19-1.21, v1 alone from 1.22 (k8s.io/api prerelease-lifecycle tags; deprecation guide).
     */
    public static List<String> servedVersions(KubeVersion version) {
        List<String> served = new ArrayList<>();
        if (version.atLeast(1, 19)) {
            served.add(V1);
        }
        if (!version.atLeast(1, 22)) {
            served.add(V1BETA1);
        }
        return List.copyOf(served);
    }

    public static boolean isServed(String apiVersion, KubeVersion version) {
        return servedVersions(version).contains(apiVersion);
    }

    /** The version discovery calls preferred, and the one storage-facing code reasons in. */
    public static String preferredVersion(KubeVersion version) {
        return servedVersions(version).get(0);
    }
}
