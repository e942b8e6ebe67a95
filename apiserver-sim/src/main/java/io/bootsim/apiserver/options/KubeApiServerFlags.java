package io.bootsim.apiserver.options;

import io.bootsim.apiserver.endpoints.NodeProxy;
import io.bootsim.core.flags.ComponentBaseFlags;
import io.bootsim.core.flags.Flag;
import io.bootsim.core.flags.FlagSet;
import io.bootsim.core.flags.FlagType;

import java.util.List;
import java.util.Map;

/**
 * Every flag of the simulated kube-apiserver, declared once, spelled as the real binary spells
 * them (cmd/kube-apiserver/app/options, k8s.io/apiserver pkg/server/options). Flags that real
 * systemd units and kubeadm manifests carry but that do not change bootstrapping are accepted and
 * listed as ignored, so an ExecStart line can be pasted unchanged.
 */
public final class KubeApiServerFlags {

    private static final String SERVING = "Secure serving";
    private static final String AUTHN = "Authentication";
    private static final String AUTHZ = "Authorization";
    private static final String ADMISSION = "Admission";
    private static final String KUBELET = "Kubelet client";
    private static final String FEATURES = "Feature gates";

    public final FlagSet set = new FlagSet("kube-apiserver");

    public final Flag<String> bindAddress = set.add(SERVING, Flag.of("bind-address", FlagType.STRING, "127.0.0.1",
            "The IP address on which to listen for the --secure-port port. bootsim defaults to 127.0.0.1 "
                    + "(the real kube-apiserver listens on all interfaces, 0.0.0.0, by default)."));
    public final Flag<Long> securePort = set.add(SERVING, Flag.of("secure-port", FlagType.INT, 6443L,
            "The port on which to serve HTTPS with authentication and authorization. It cannot be switched off with 0."));
    public final Flag<String> certDir = set.add(SERVING, Flag.of("cert-dir", FlagType.STRING, "/var/run/kubernetes",
            "The directory where the TLS certs are located. If --tls-cert-file and --tls-private-key-file are "
                    + "provided, this flag will be ignored."));
    public final Flag<String> tlsCertFile = set.add(SERVING, Flag.of("tls-cert-file", FlagType.STRING, "",
            "File containing the default x509 Certificate for HTTPS. (CA cert, if any, concatenated after server cert). "
                    + "If HTTPS serving is enabled, and --tls-cert-file and --tls-private-key-file are not provided, "
                    + "a self-signed certificate and key are generated for the public address and saved to the "
                    + "directory specified by --cert-dir."));
    public final Flag<Long> http2MaxStreamsPerConnection = set.add(SERVING, Flag.of("http2-max-streams-per-connection",
            FlagType.INT, 0L, "The limit that the server gives to clients for the maximum number of streams in an "
                    + "HTTP/2 connection. Zero means to use golang's default."));
    public final Flag<String> tlsPrivateKeyFile = set.add(SERVING, Flag.of("tls-private-key-file", FlagType.STRING, "",
            "File containing the default x509 private key matching --tls-cert-file."));

    public final Flag<Boolean> anonymousAuth = set.add(AUTHN, Flag.of("anonymous-auth", FlagType.BOOL, true,
            "Enables anonymous requests to the secure port of the API server. Requests that are not rejected by "
                    + "another authentication method are treated as anonymous requests. Anonymous requests have a "
                    + "username of system:anonymous, and a group name of system:unauthenticated."));
    public final Flag<String> clientCaFile = set.add(AUTHN, Flag.of("client-ca-file", FlagType.STRING, "",
            "If set, any request presenting a client certificate signed by one of the authorities in the client-ca-file "
                    + "is authenticated with an identity corresponding to the CommonName of the client certificate."));
    public final Flag<String> tokenAuthFile = set.add(AUTHN, Flag.of("token-auth-file", FlagType.STRING, "",
            "If set, the file that will be used to secure the secure port of the API server via token authentication."));
    public final Flag<Boolean> enableBootstrapTokenAuth = set.add(AUTHN, Flag.of("enable-bootstrap-token-auth",
            FlagType.BOOL, false, "Enable to allow secrets of type 'bootstrap.kubernetes.io/token' in the 'kube-system' "
                    + "namespace to be used for TLS bootstrapping authentication."));

    public final Flag<List<String>> serviceAccountKeyFile = set.add(AUTHN, Flag.of("service-account-key-file",
            FlagType.STRING_ARRAY, List.of(), "File containing PEM-encoded x509 RSA or ECDSA private or public keys, used to "
                    + "verify ServiceAccount tokens. The specified file can contain multiple keys, and the flag can be "
                    + "specified multiple times with different files. If unspecified, --tls-private-key-file is used "
                    + "(--service-account-signing-key-file from 1.20)."));
    public final Flag<Boolean> serviceAccountLookup = set.add(AUTHN, Flag.of("service-account-lookup", FlagType.BOOL, true,
            "If true, validate ServiceAccount tokens exist in etcd as part of authentication."));
    public final Flag<List<String>> serviceAccountIssuer = set.add(AUTHN, Flag.of("service-account-issuer",
            FlagType.STRING_ARRAY, List.of(), "Identifier of the service account token issuer. The issuer will assert "
                    + "this identifier in \"iss\" claim of issued tokens. Repeatable from 1.22: the first issues, all are "
                    + "accepted."));
    public final Flag<String> serviceAccountSigningKeyFile = set.add(AUTHN, Flag.of("service-account-signing-key-file",
            FlagType.STRING, "", "Path to the file that contains the current private key of the service account token "
                    + "issuer. The issuer will sign issued ID tokens with this private key."));
    public final Flag<List<String>> apiAudiences = set.add(AUTHN, Flag.of("api-audiences", FlagType.STRING_SLICE,
            List.of(), "Identifiers of the API. The service account token authenticator will validate that tokens used "
                    + "against the API are bound to at least one of these audiences. If unset, the first "
                    + "--service-account-issuer is used."));

    public final Flag<List<String>> authorizationMode = set.add(AUTHZ, Flag.of("authorization-mode", FlagType.STRING_SLICE,
            List.of("AlwaysAllow"), "Ordered list of plug-ins to do authorization on secure port. "
                    + "Comma-delimited list of: AlwaysAllow,AlwaysDeny,ABAC,Webhook,RBAC,Node."));
    public final Flag<String> authorizationPolicyFile = set.add(AUTHZ, Flag.of("authorization-policy-file",
            FlagType.STRING, "", "File with authorization policy in json line by line format, used with "
                    + "--authorization-mode=ABAC, on the secure port."));
    public final Flag<String> authorizationWebhookConfigFile = set.add(AUTHZ, Flag.of(
            "authorization-webhook-config-file", FlagType.STRING, "", "File with webhook configuration in kubeconfig "
                    + "format, used with --authorization-mode=Webhook. (bootsim does not call webhooks.)"));

    public final Flag<List<String>> enableAdmissionPlugins = set.add(ADMISSION, Flag.of("enable-admission-plugins",
            FlagType.STRING_SLICE, List.of(), "admission plugins that should be enabled in addition to default enabled ones."));
    public final Flag<List<String>> disableAdmissionPlugins = set.add(ADMISSION, Flag.of("disable-admission-plugins",
            FlagType.STRING_SLICE, List.of(), "admission plugins that should be disabled although they are in the default "
                    + "enabled plugins list."));
    public final Flag<List<String>> admissionControl = set.add(ADMISSION, Flag.of("admission-control",
            FlagType.STRING_SLICE, List.of(), "Admission is divided into two phases. In the first phase, only mutating "
                    + "admission plugins run. In the second phase, only validating admission plugins run.")
            .deprecated("Use --enable-admission-plugins or --disable-admission-plugins instead. Will be removed in a future version."));

    public final Flag<String> kubeletClientCertificate = set.add(KUBELET, Flag.of("kubelet-client-certificate",
            FlagType.STRING, "", "Path to a client cert file for TLS."));
    public final Flag<String> kubeletClientKey = set.add(KUBELET, Flag.of("kubelet-client-key", FlagType.STRING, "",
            "Path to a client key file for TLS."));
    public final Flag<String> kubeletCertificateAuthority = set.add(KUBELET, Flag.of("kubelet-certificate-authority",
            FlagType.STRING, "", "Path to a cert file for the certificate authority."));

    public final Flag<List<String>> kubeletPreferredAddressTypes = set.add(KUBELET, Flag.of(
            "kubelet-preferred-address-types", FlagType.STRING_SLICE, NodeProxy.DEFAULT_ADDRESS_TYPES,
            "List of the preferred NodeAddressTypes to use for kubelet connections."));
    public final Flag<java.time.Duration> kubeletTimeout = set.add(KUBELET, Flag.of("kubelet-timeout", FlagType.DURATION,
            java.time.Duration.ofSeconds(5), "Timeout for kubelet operations."));

    public final Flag<Map<String, Boolean>> featureGates = set.add(FEATURES, Flag.of("feature-gates",
            FlagType.MAP_STRING_BOOL, Map.of(), "A set of key=value pairs that describe feature gates for alpha/experimental features."));

    public final ComponentBaseFlags componentBase = ComponentBaseFlags.declare(set);

    public KubeApiServerFlags() {
        set.acceptIgnored(IGNORED, IGNORED_BOOLEANS);
    }

    /** Value flags of real units (1.9 systemd units to current kubeadm manifests) that bootsim does not model. */
    private static final List<String> IGNORED = List.of(
            "advertise-address", "apiserver-count", "audit-log-maxage", "audit-log-maxbackup", "audit-log-maxsize",
            "audit-log-path", "audit-policy-file", "authorization-webhook-cache-authorized-ttl",
            "authorization-webhook-cache-unauthorized-ttl", "cloud-config", "cloud-provider", "default-not-ready-toleration-seconds",
            "default-unreachable-toleration-seconds", "encryption-provider-config",
            "endpoint-reconciler-type", "etcd-cafile", "etcd-certfile", "etcd-keyfile", "etcd-prefix", "etcd-servers",
            "event-ttl", "external-hostname", "insecure-bind-address", "insecure-port",
"log-dir", "log-file", "max-mutating-requests-inflight", "max-requests-inflight",
            "min-request-timeout", "oidc-ca-file", "oidc-client-id", "oidc-issuer-url", "oidc-username-claim",
            "proxy-client-cert-file", "proxy-client-key-file", "requestheader-allowed-names", "requestheader-client-ca-file",
            "requestheader-extra-headers-prefix", "requestheader-group-headers", "requestheader-username-headers",
            "runtime-config",
            "service-cluster-ip-range", "service-node-port-range", "storage-backend", "storage-media-type",
            "tls-cipher-suites", "tls-min-version", "target-ram-mb", "watch-cache-sizes", "stderrthreshold");

    private static final List<String> IGNORED_BOOLEANS = List.of(
            "allow-privileged", "enable-aggregator-routing", "enable-swagger-ui", "kubelet-https", "logtostderr",
            "alsologtostderr", "profiling", "enable-garbage-collector", "enable-logs-handler");
}
