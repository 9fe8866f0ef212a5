package dev.sparkvar.access;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /auth/session}: the access token, in a body and never in a URL (URLs get logged). */
public record SessionRequest(@NotBlank @Size(max = 1024) String token) {

    @Override
    public String toString() {
        return "SessionRequest[token=…]"; // never the token, should this ever be logged
    }
}
