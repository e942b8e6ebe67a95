package io.bootsim.controller.clientbuilder;

import io.bootsim.core.client.ApiTransport;

/**
 * Opens an API connection to the --kubeconfig's server, verifying it as the kubeconfig says, that
 * authenticates with a bearer token only (client-go's rest.AnonymousClientConfig plus BearerToken).
 */
@FunctionalInterface
public interface TokenClients {

    /**
     * @param clientName unique per connection; the controller's name is appended to the user agent
     */
    ApiTransport connect(String clientName, String controllerName, String bearerToken);
}
