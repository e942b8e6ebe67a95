package io.bootsim.apiserver.authentication;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/** Reads the objects a service-account token names, as stored (pkg/serviceaccount ServiceAccountTokenGetter). */
public interface ServiceAccountTokenGetter {

    Optional<ObjectNode> serviceAccount(String namespace, String name);

    Optional<ObjectNode> secret(String namespace, String name);
}
