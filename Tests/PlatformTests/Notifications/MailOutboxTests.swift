import Foundation
import Platform
import XCTest

final class MailOutboxTests: XCTestCase {
    /// With the mail server down the message stays queued, with the error recorded and a later retry scheduled.
    func testUnreachableSMTPServerLosesNoMessage() async throws {
        try await withApp(smtpPort: 1) { api, services in
            _ = try await api.post("/api/v1/auth/password-reset/request", ["email": "nobody@example.ru"])
            let userId = try await api.createUser(email: "kept@example.ru", roles: ["learner"])
            XCTAssertFalse(userId.isEmpty)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/auth/password-reset/request", ["email": "kept@example.ru"]).status,
                .accepted)
            var state: (String, Int, Bool, Bool) = ("", 0, false, false)
            for _ in 0..<100 {
                state = try await services.db.rows(
                    """
                    SELECT status, attempts, last_error IS NOT NULL, run_at > now() FROM jobs
                      WHERE payload->>'to' = 'kept@example.ru'
                    """
                )[0].decode((String, Int, Bool, Bool).self)
                if state.1 >= 1 && state.2 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            XCTAssertEqual(state.0, "pending")
            XCTAssertGreaterThanOrEqual(state.1, 1)
            XCTAssertTrue(state.2, "the delivery error is recorded")
            XCTAssertTrue(state.3, "the retry is scheduled later (backoff)")
        }
    }
}
