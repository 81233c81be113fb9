package dev.herald.command;

import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matchers for fixture expectations on rejected commands. */
public final class HeraldMatchers {

    private HeraldMatchers() {
    }

    public static Matcher<HeraldException> rejectedWith(ErrorCode code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(HeraldException exception) {
                return exception.code() == code;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a HeraldException with code ").appendValue(code);
            }

            @Override
            protected void describeMismatchSafely(HeraldException exception, Description description) {
                description.appendText("had code ").appendValue(exception.code())
                           .appendText(": ").appendText(exception.getMessage());
            }
        };
    }
}
