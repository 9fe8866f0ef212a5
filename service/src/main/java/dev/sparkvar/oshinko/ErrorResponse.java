package dev.sparkvar.oshinko;

import java.util.List;

/** Oshinko's error body: {@code {"errors":[{status,title,details}]}}, at least one item. */
public record ErrorResponse(List<ErrorItem> errors) {

    /** A body with a single error. */
    public static ErrorResponse of(int status, String title, String details) {
        return new ErrorResponse(List.of(new ErrorItem(status, title, details)));
    }
}
