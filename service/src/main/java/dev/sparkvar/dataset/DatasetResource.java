package dev.sparkvar.dataset;

import dev.sparkvar.access.ApiRead;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/** {@code GET /datasets}: the data sets a run may name in its {@code data} field. */
@Path("/datasets")
@PermitAll // reads: the rule is @ApiRead's (sparkvar.access.anonymous-read)
@ApiRead
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    private final DatasetCatalog catalog;

    public DatasetResource(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Operation(summary = "List the data sets in the configured data folders")
    public List<Dataset> list() {
        return catalog.list();
    }
}
