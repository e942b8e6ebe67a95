package io.bootsim.controller.clientbuilder;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.client.ApiTransport;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.Result;

import java.util.function.Consumer;

/**
 * The controller's service account, made if missing: get it; if it is not found, make sure the
 * namespace exists (errors tolerated, the controller manager may not be allowed to create
 * namespaces), create it, and re-read it if someone else created it meanwhile. Runs as the
 * --kubeconfig identity.
 */
// upstream: staging/src/k8s.io/controller-manager/pkg/clientbuilder/client_builder.go getOrCreateServiceAccount
final class GetOrCreateServiceAccount {

    /** The account, or the error client-go returned (its Status message). */
    record Outcome(ObjectNode account, String error) {
        boolean ok() {
            return account != null;
        }
    }

    private GetOrCreateServiceAccount() {
    }

    static void run(ApiTransport root, String namespace, String name, Consumer<Outcome> done) {
        String path = "/api/v1/namespaces/" + namespace + "/serviceaccounts";
        root.send(HttpRequest.get(path + "/" + name), got -> {
            if (got.isSuccess() || got.statusCode() != 404) {
                done.accept(outcome(got));
                return;
            }
            root.send(HttpRequest.get("/api/v1/namespaces/" + namespace), ns -> {
                Runnable create = () -> {
                    ObjectNode account = Json.object().put("apiVersion", "v1").put("kind", "ServiceAccount");
                    account.putObject("metadata").put("namespace", namespace).put("name", name);
                    root.send(HttpRequest.post(path, account), created -> {
                        if (created.statusCode() == 409) {
                            root.send(HttpRequest.get(path + "/" + name), again -> done.accept(outcome(again)));
                        } else {
                            done.accept(outcome(created));
                        }
                    });
                };
                if (ns.statusCode() == 404) {
                    ObjectNode namespaceObject = Json.object().put("apiVersion", "v1").put("kind", "Namespace");
                    namespaceObject.putObject("metadata").put("name", namespace);
                    root.send(HttpRequest.post("/api/v1/namespaces", namespaceObject), ignored -> create.run());
                } else {
                    create.run();
                }
            });
        });
    }

    private static Outcome outcome(Result result) {
        return result.isSuccess() ? new Outcome(result.json(), null) : new Outcome(null, result.goError());
    }
}
