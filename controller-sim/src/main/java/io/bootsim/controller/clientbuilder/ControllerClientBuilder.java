package io.bootsim.controller.clientbuilder;

import io.bootsim.core.client.ApiTransport;

/**
 * Gives each controller its API connection by its client name ("certificate-controller",
 * "bootstrap-signer", ...): the --kubeconfig identity for all of them, or with
 * --use-service-account-credentials the service account of that name in kube-system
 * ({@link ServiceAccountCredentials}). Informers always use the --kubeconfig identity.
 */
// upstream: staging/src/k8s.io/controller-manager/pkg/clientbuilder/client_builder.go ControllerClientBuilder
@FunctionalInterface
public interface ControllerClientBuilder {

    ApiTransport client(String name);

    /** SimpleControllerClientBuilder: every controller is the --kubeconfig identity. */
    static ControllerClientBuilder simple(ApiTransport root) {
        return name -> root;
    }
}
