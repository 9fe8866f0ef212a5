package dev.sparkvar.oshinko;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Oshinko's reply to {@code GET /}: {@code {"application":{"name","version",...}}}. */
public record ServerInfo(Application application) {

    /** The server's name and version; the other fields are optional. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Application(
            String name,
            String version,
            @JsonProperty("web-url") String webUrl,
            @JsonProperty("web-service-name") String webServiceName,
            @JsonProperty("default-cluster-image") String defaultClusterImage) {
    }
}
