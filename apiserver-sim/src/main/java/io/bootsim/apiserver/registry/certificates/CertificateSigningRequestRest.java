package io.bootsim.apiserver.registry.certificates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.registry.RestStrategy;
import io.bootsim.apiserver.validation.FieldError;
import io.bootsim.core.time.Clock;
import io.bootsim.core.version.KubeVersion;

import java.util.List;

/** The CSR registry: conversion, strategy and validation per endpoint (pkg/registry/certificates). */
public final class CertificateSigningRequestRest implements RestStrategy {

    private final CertificateSigningRequestConversion conversion;
    private final CertificateSigningRequestStrategy strategy;
    private final CertificateSigningRequestValidation validation;

    public CertificateSigningRequestRest(KubeVersion version, Clock clock) {
        this.conversion = new CertificateSigningRequestConversion(version);
        this.strategy = new CertificateSigningRequestStrategy(version, clock);
        this.validation = new CertificateSigningRequestValidation(version);
    }

    @Override
    public ObjectNode fromBody(ObjectNode body, String apiVersion) {
        return conversion.fromBody(body, apiVersion);
    }

    @Override
    public ObjectNode toVersion(ObjectNode stored, String apiVersion) {
        return conversion.toVersion(stored, apiVersion);
    }

    @Override
    public void prepareForCreate(ObjectNode object, UserInfo user) {
        strategy.prepareForCreate(object, user);
    }

    @Override
    public List<FieldError> validateCreate(ObjectNode object, String apiVersion) {
        return validation.validateCreate(object, apiVersion);
    }

    @Override
    public void prepareForUpdate(ObjectNode object, ObjectNode old, String subresource) {
        strategy.prepareForUpdate(object, old, subresource(subresource));
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode object, ObjectNode old, String subresource, String apiVersion) {
        return validation.validateUpdate(object, old, subresource(subresource), apiVersion);
    }

    public static Subresource subresource(String path) {
        for (Subresource s : Subresource.values()) {
            if (s.path().equals(path)) {
                return s;
            }
        }
        throw new IllegalArgumentException("certificatesigningrequests has no subresource " + path);
    }
}
