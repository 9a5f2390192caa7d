package org.opensearch.clip.plugin.rest;

import org.opensearch.core.rest.RestStatus;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.BytesRestResponse;
import org.opensearch.rest.RestRequest;
import org.opensearch.transport.client.node.NodeClient;

import java.util.List;

import static org.opensearch.rest.RestRequest.Method.GET;

/**
 * {@code GET _plugins/_clip/search}: the search page (built with OUI from {@code src/plugin/search-page}), and
 * {@code GET _plugins/_clip/search/{file}}: its script and stylesheets. Every answer carries {@link SecurityHeaders}.
 */
public final class RestSearchPageAction extends BaseRestHandler {
    private static final String BASE = "/_plugins/_clip/search";
    private final SearchPageAssets assets;

    /** Reads the page's files from the plugin's resources once. */
    public RestSearchPageAction() {
        this(SearchPageAssets.load(RestSearchPageAction.class));
    }

    RestSearchPageAction(SearchPageAssets assets) {
        this.assets = assets;
    }

    @Override
    public String getName() {
        return "clip_search_page";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(GET, BASE), new Route(GET, BASE + "/{file}"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        String file = request.param("file", SearchPageAssets.INDEX);
        // the page reads its own parameters (index, query …) in the browser
        List.copyOf(request.params().keySet()).forEach(request::param);
        BytesRestResponse response = assets.get(file)
            .map(asset -> new BytesRestResponse(RestStatus.OK, asset.contentType(), asset.bytes()))
            .orElseGet(() -> new BytesRestResponse(RestStatus.NOT_FOUND, "text/plain; charset=UTF-8",
                "the search page has no file [" + file + "]"));
        return channel -> channel.sendResponse(SecurityHeaders.apply(response));
    }
}
