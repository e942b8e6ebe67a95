package io.bootsim.apiserver.server;

import io.bootsim.apiserver.authentication.AuthenticationRequest;
import io.bootsim.apiserver.authentication.AuthenticationResult;
import io.bootsim.apiserver.authentication.Impersonation;
import io.bootsim.apiserver.authentication.RequestAuthentication;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.authorization.Decision;
import io.bootsim.apiserver.authorization.Forbidden;
import io.bootsim.apiserver.authorization.KlogLine;
import io.bootsim.apiserver.authorization.Union;
import io.bootsim.apiserver.endpoints.ApiRequest;
import io.bootsim.apiserver.endpoints.ApiResponse;
import io.bootsim.apiserver.endpoints.NonResourceEndpoints;
import io.bootsim.apiserver.endpoints.ResourceEndpoints;
import io.bootsim.apiserver.endpoints.request.RequestInfo;
import io.bootsim.apiserver.endpoints.request.RequestInfoResolver;
import io.bootsim.core.api.Status;
import io.bootsim.core.api.StatusException;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.version.KubeVersion;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every request's way through kube-apiserver, in upstream's order (DefaultBuildHandlerChain):
 * request info, authentication, impersonation, authorization, then the endpoint. Each stage's
 * decision goes to the trace; failures answer as upstream does (401 Status, 403 Status, the
 * plain-text 500).
 */
public final class RequestPipeline implements Handler {

    private final KubeVersion version;
    private final ComponentContext context;
    private final RequestInfoResolver requestInfo = new RequestInfoResolver();
    private final RequestAuthentication authentication;
    private final Impersonation impersonation;
    private final Union authorizer;
    private final NonResourceEndpoints nonResource;
    private final ResourceEndpoints resources;

    public RequestPipeline(KubeVersion version, ComponentContext context, RequestAuthentication authentication,
                           Union authorizer, NonResourceEndpoints nonResource, ResourceEndpoints resources) {
        this.version = version;
        this.context = context;
        this.authentication = authentication;
        this.impersonation = new Impersonation(authorizer, version);
        this.authorizer = authorizer;
        this.nonResource = nonResource;
        this.resources = resources;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        ApiResponse.compression(ctx, version);
        Map<String, List<String>> query = query(ctx.queryString());
        RequestInfo info;
        try {
            info = requestInfo.resolve(ctx.method().name(), ctx.path(), query);
        } catch (IllegalArgumentException e) {
            ApiResponse.status(ctx, Status.failure(404, "NotFound", e.getMessage(), Status.Details.of("", "", "")));
            return;
        }

        // 1. authentication
        RequestAuthentication.Result authn = authentication.authenticate(new AuthenticationRequest(
                headers(ctx, "Authorization"), SecureServing.peerCertificates(ctx)));
        UserInfo user;
        if (authn instanceof RequestAuthentication.Unauthorized unauthorized) {
            context.tracer().emit("authentication", "request", describe(ctx), "result", "unauthorized",
                    "error", unauthorized.error(), "steps", steps(unauthorized.steps()));
            context.log().error("authentication.go:73", "\"Unable to authenticate the request\" err=\""
                    + unauthorized.error() + "\"");
            ApiResponse.status(ctx, unauthorized.status());
            return;
        }
        RequestAuthentication.Authenticated authenticated = (RequestAuthentication.Authenticated) authn;
        user = authenticated.user();
        context.tracer().emit("authentication", "request", describe(ctx), "result", "authenticated",
                "authenticator", authenticated.authenticator(), "user", user.name(), "groups", user.groups(),
                "steps", steps(authenticated.steps()));

        // 2. impersonation
        Impersonation.Result impersonated = impersonation.impersonate(user, allHeaders(ctx));
        if (impersonated instanceof Impersonation.Forbidden forbidden) {
            context.tracer().emit("impersonation", "request", describe(ctx), "result", "forbidden",
                    "reason", forbidden.reason());
            ApiResponse.status(ctx, Forbidden.status(forbidden.denied(), forbidden.reason(), version));
            return;
        }
        if (impersonated instanceof Impersonation.InternalError error) {
            ApiResponse.text(ctx, 500, Impersonation.InternalError.CONTENT_TYPE, error.body(uri(ctx)));
            return;
        }
        if (impersonated instanceof Impersonation.Impersonated as) {
            context.tracer().emit("impersonation", "request", describe(ctx), "requester", user.name(),
                    "user", as.user().name(), "groups", as.user().groups());
            user = as.user();
        }

        // 3. authorization
        Attributes attributes = attributes(info, user);
        Union.Result authz = authorizer.evaluate(attributes);
        for (KlogLine line : authz.logs()) {
            context.log().infoV(line.verbosity(), line.source(), line.message());
        }
        Decision decision = authz.decision();
        context.tracer().emit("authorization", "request", describe(ctx), "user", user.name(),
                "verb", attributes.verb(), "allowed", decision.allowed(), "chain", authz.describe());
        if (!decision.allowed()) {
            if (decision instanceof Decision.NoOpinion noOpinion && noOpinion.error() != null) {
                ApiResponse.text(ctx, 500, Impersonation.InternalError.CONTENT_TYPE,
                        "Internal Server Error: \"" + uri(ctx) + "\": " + noOpinion.error() + "\n");
                return;
            }
            ApiResponse.status(ctx, Forbidden.status(attributes, decision.reason(), version));
            return;
        }

        // 4. the endpoint
        ApiRequest request = new ApiRequest(ctx, info, user, attributes, query);
        try {
            if (info.resourceRequest()) {
                resources.serve(request);
            } else {
                nonResource.serve(request);
            }
        } catch (StatusException e) {
            context.tracer().emit("response", "request", describe(ctx), "code", e.status().code(),
                    "reason", e.status().reason(), "message", e.getMessage());
            ApiResponse.status(ctx, e.status());
        }
    }

    private static Attributes attributes(RequestInfo info, UserInfo user) {
        return info.resourceRequest()
                ? new Attributes(user, info.verb(), true, "", info.namespace(), info.apiGroup(), info.apiVersion(),
                info.resource(), info.subresource(), info.name())
                : Attributes.nonResource(user, info.verb(), info.path());
    }

    private static List<String> steps(List<RequestAuthentication.Step> steps) {
        List<String> out = new ArrayList<>();
        for (RequestAuthentication.Step step : steps) {
            String credential = step.credential() == null ? "" : " " + step.credential();
            AuthenticationResult r = step.result();
            String outcome;
            if (r instanceof AuthenticationResult.Authenticated a) {
                outcome = "user " + a.user().name() + " groups " + a.user().groups();
            } else if (r instanceof AuthenticationResult.NotAuthenticated n) {
                outcome = "no opinion (" + n.reason() + ")";
            } else {
                outcome = "error: " + ((AuthenticationResult.Failed) r).error();
            }
            out.add(step.authenticator() + credential + ": " + outcome);
        }
        return out;
    }

    private static String describe(Context ctx) {
        return ctx.method().name() + " " + uri(ctx);
    }

    private static String uri(Context ctx) {
        String q = ctx.queryString();
        return ctx.path() + (q == null || q.isEmpty() ? "" : "?" + q);
    }

    private static List<String> headers(Context ctx, String name) {
        return Collections.list(ctx.req().getHeaders(name));
    }

    private static Map<String, List<String>> allHeaders(Context ctx) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            headers.put(name, headers(ctx, name));
        }
        return headers;
    }

    /** Query parameters as Go's url.ParseQuery reads them. */
    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
