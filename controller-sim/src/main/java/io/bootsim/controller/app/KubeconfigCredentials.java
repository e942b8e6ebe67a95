package io.bootsim.controller.app;

import io.bootsim.controller.clientbuilder.TokenClients;

import java.util.function.IntConsumer;

/**
 * What the controller manager needs of its --kubeconfig, beyond the connection itself, to act as
 * service accounts: connections to the same server that carry only a bearer token, the
 * kubeconfig's CA (what token Secrets carry without --root-ca-file), and how the process ends when
 * the legacy client builder gives up (klog.Fatal, exit 255).
 */
public record KubeconfigCredentials(TokenClients tokenClients, byte[] caData, IntConsumer exit) {

    public KubeconfigCredentials {
        caData = caData.clone();
    }

    @Override
    public byte[] caData() {
        return caData.clone();
    }
}
