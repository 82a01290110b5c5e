package io.sqe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.Test;

final class OidcProviderTest {
    @Test
    void discoversTheEndpointsOfMockOAuth2Server() {
        MockOAuth2Server server = MockProviders.start();
        try (OidcProvider provider = new OidcProvider(MockProviders.issuer(server))) {
            OidcEndpoints endpoints = provider.endpoints();

            assertThat(endpoints.issuer()).isEqualTo(MockProviders.issuer(server).toString());
            assertThat(endpoints.tokenEndpoint().toString())
                    .isEqualTo(server.tokenEndpointUrl(MockProviders.ISSUER_ID).toString());
            assertThat(endpoints.jwksUri().toString()).isEqualTo(server.jwksUrl(MockProviders.ISSUER_ID).toString());
            assertThat(provider.endpoints()).isSameAs(endpoints);
        } finally {
            server.shutdown();
        }
    }

    @Test
    void aTrailingSlashOnTheConfiguredIssuerIsTolerated() {
        try (FakeIdentityProvider fake = new FakeIdentityProvider();
                OidcProvider provider = new OidcProvider(URI.create(fake.issuer() + "/"))) {
            assertThat(provider.endpoints().tokenEndpoint()).isEqualTo(fake.tokenEndpointUri());
            assertThat(provider.endpoints().issuer()).isEqualTo(fake.issuer().toString());
        }
    }

    @Test
    void refusesADiscoveryDocumentNamingAnotherIssuer() {
        try (FakeIdentityProvider fake = new FakeIdentityProvider();
                OidcProvider provider = new OidcProvider(fake.issuer())) {
            fake.discoveredIssuer("https://login.example.com/realms/sqe");

            assertThatThrownBy(provider::endpoints)
                    .isInstanceOf(SqeException.class)
                    .hasMessage("the identity provider's discovery document at " + fake.issuer()
                            + "/.well-known/openid-configuration names issuer 'https://login.example.com/realms/sqe', "
                            + "but [auth] issuer is '" + fake.issuer() + "'; set [auth] issuer to exactly "
                            + "'https://login.example.com/realms/sqe'")
                    .extracting(e -> ((SqeException) e).errorCode())
                    .isEqualTo(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE);
        }
    }

    @Test
    void aWrongRealmIsReportedWithTheStatus() {
        try (FakeIdentityProvider fake = new FakeIdentityProvider();
                OidcProvider provider = new OidcProvider(URI.create(fake.issuer() + "-missing"))) {
            assertThatThrownBy(provider::endpoints)
                    .isInstanceOf(SqeException.class)
                    .hasMessageStartingWith("the identity provider answered HTTP 404 for the discovery document")
                    .hasMessageEndingWith("check that [auth] issuer names the right realm, or try again later")
                    .extracting(e -> ((SqeException) e).errorCode())
                    .isEqualTo(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE);
        }
    }

    @Test
    void discoveryIsRetriedLazilyWhenTheProviderWasDownAtStart() throws Exception {
        int port = MockProviders.unusedPort();
        URI issuer = URI.create("http://127.0.0.1:" + port + "/" + MockProviders.ISSUER_ID);
        MutableClock clock = MutableClock.startingNow();
        try (OidcProvider provider = new OidcProvider(issuer, new IdentityProviderHttp(), Duration.ofSeconds(2),
                clock)) {
            assertThat(provider.tryDiscover()).isFalse();
            assertThatThrownBy(provider::endpoints)
                    .isInstanceOf(SqeException.class)
                    .hasMessageStartingWith("cannot reach the identity provider (the discovery document at "
                            + issuer + "/.well-known/openid-configuration)")
                    .extracting(e -> ((SqeException) e).errorCode())
                    .isEqualTo(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE);

            MockOAuth2Server server = new MockOAuth2Server();
            server.start(InetAddress.getByName("127.0.0.1"), port);
            try {
                // Within the retry interval the last failure is repeated without asking the provider.
                assertThatThrownBy(provider::endpoints)
                        .isInstanceOf(SqeException.class)
                        .hasMessageStartingWith("cannot reach the identity provider");
                clock.advance(Duration.ofSeconds(3));

                assertThat(provider.endpoints().issuer()).isEqualTo(issuer.toString());
            } finally {
                server.shutdown();
            }
        }
    }
}
