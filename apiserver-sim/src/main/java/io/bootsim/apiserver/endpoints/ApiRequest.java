package io.bootsim.apiserver.endpoints;

import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.endpoints.request.RequestInfo;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;

/** A request that passed authentication and authorization, with what they decided. */
public record ApiRequest(Context http, RequestInfo info, UserInfo user, Attributes attributes,
                         Map<String, List<String>> query) {

    /** The first value of a query parameter, or "". */
    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    public String header(String name) {
        String value = http.header(name);
        return value == null ? "" : value;
    }

    /** The path and query as the client sent them, for messages that quote the request URI. */
    public String uri() {
        String q = http.queryString();
        return http.path() + (q == null || q.isEmpty() ? "" : "?" + q);
    }
}
