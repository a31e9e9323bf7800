package io.jzsock.tls;

/**
 * What TLS_SEC_TAG_LIST asks before it stores a list (Zephyr's test_tls_bad_cred): 0 when every tag
 * names at least one credential and each parses, -ENOENT for a tag with none, -EINVAL for a
 * credential the engine cannot read. Implemented over Bouncy Castle's parsers by {@link TlsKeys}.
 */
public interface CredentialCheck {
    int check(int[] tags, int count);
}
