package org.opensearch.clip.plugin.rest;

import org.opensearch.core.rest.RestStatus;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.BytesRestResponse;
import org.opensearch.rest.RestRequest;
import org.opensearch.transport.client.node.NodeClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import static org.opensearch.rest.RestRequest.Method.GET;

/**
 * {@code GET _plugins/_clip/search}: a self-contained search page that runs {@code clip} queries against an index from
 * the browser (text, an uploaded image, or both) and shows the hits' images with their scores.
 */
public final class RestSearchPageAction extends BaseRestHandler {
    private static final String PAGE = "search-page.html";
    private final byte[] page;

    /** Reads the page from the plugin's resources once. */
    public RestSearchPageAction() {
        try (InputStream in = RestSearchPageAction.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException("the plugin jar lacks its resource " + PAGE);
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String getName() {
        return "clip_search_page";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(GET, "/_plugins/_clip/search"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        // the page reads its own parameters (index, field, query …) in the browser
        List.copyOf(request.params().keySet()).forEach(request::param);
        return channel -> channel.sendResponse(new BytesRestResponse(RestStatus.OK, "text/html; charset=UTF-8", page));
    }
}
