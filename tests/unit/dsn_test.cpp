#include "zdm/db/dsn.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zdm::db {
namespace {

// The message of the DsnError that parsing text throws ("" when it does not throw).
std::string parse_error(const std::string& text) {
  try {
    Dsn::parse(text);
  } catch (const DsnError& error) {
    return error.what();
  }
  return "";
}

// ---- PostgreSQL URIs

TEST(DsnPostgresUri, ReadsEveryPart) {
  const Dsn dsn = Dsn::parse("postgresql://app:s3cret@db.example.com:6432/orders?sslmode=require");
  EXPECT_EQ(dsn.driver(), DriverKind::postgres);
  EXPECT_EQ(dsn.host(), "db.example.com");
  EXPECT_EQ(dsn.port(), 6432);
  EXPECT_EQ(dsn.user(), "app");
  EXPECT_EQ(dsn.password(), "s3cret");
  EXPECT_TRUE(dsn.has_password());
  EXPECT_EQ(dsn.database(), "orders");
  EXPECT_FALSE(dsn.ssl_mode().has_value());
  EXPECT_EQ(dsn.redacted(), "postgresql://app:***@db.example.com:6432/orders?sslmode=require");
  EXPECT_EQ(dsn.text(), "postgresql://app:s3cret@db.example.com:6432/orders?sslmode=require");
}

TEST(DsnPostgresUri, AcceptsThePostgresScheme) {
  const Dsn dsn = Dsn::parse("postgres://app:pw@localhost/app");
  EXPECT_EQ(dsn.driver(), DriverKind::postgres);
  EXPECT_EQ(dsn.redacted(), "postgres://app:***@localhost/app");
}

TEST(DsnPostgresUri, LeavesUnsaidPartsEmptyForLibpq) {
  const Dsn dsn = Dsn::parse("postgresql:///app");
  EXPECT_EQ(dsn.host(), "");
  EXPECT_FALSE(dsn.port().has_value());
  EXPECT_EQ(dsn.user(), "");
  EXPECT_FALSE(dsn.has_password());
  EXPECT_EQ(dsn.database(), "app");

  const Dsn bare = Dsn::parse("postgresql://");
  EXPECT_EQ(bare.host(), "");
  EXPECT_EQ(bare.database(), "");
  EXPECT_EQ(bare.redacted(), "postgresql://");
}

TEST(DsnPostgresUri, WithoutPasswordIsPrintedAsWritten) {
  const Dsn dsn = Dsn::parse("postgresql://app@db:5432/app");
  EXPECT_FALSE(dsn.has_password());
  EXPECT_EQ(dsn.user(), "app");
  EXPECT_EQ(dsn.redacted(), dsn.text());
}

TEST(DsnPostgresUri, DecodesUserAndPassword) {
  const Dsn dsn = Dsn::parse("postgresql://m%C3%BCller:p%40ss%2Fw%3Fd%25@h/db");
  EXPECT_EQ(dsn.user(), "m\xC3\xBCller");
  EXPECT_EQ(dsn.password(), "p@ss/w?d%");
  EXPECT_EQ(dsn.redacted(), "postgresql://m%C3%BCller:***@h/db");
}

TEST(DsnPostgresUri, PasswordMayContainColons) {
  const Dsn dsn = Dsn::parse("postgresql://u:a:b:c@h/db");
  EXPECT_EQ(dsn.user(), "u");
  EXPECT_EQ(dsn.password(), "a:b:c");
  EXPECT_EQ(dsn.redacted(), "postgresql://u:***@h/db");
}

TEST(DsnPostgresUri, EmptyPasswordIsStillRedacted) {
  const Dsn dsn = Dsn::parse("postgresql://u:@h/db");
  EXPECT_TRUE(dsn.has_password());
  EXPECT_EQ(dsn.password(), "");
  EXPECT_EQ(dsn.redacted(), "postgresql://u:***@h/db");
}

TEST(DsnPostgresUri, RedactsPasswordsInParameters) {
  const Dsn dsn = Dsn::parse(
      "postgresql://h/db?user=app&password=s%20cret&sslpassword=keypw&application_name=zdm");
  EXPECT_EQ(dsn.user(), "app");
  EXPECT_EQ(dsn.password(), "s cret");
  EXPECT_EQ(dsn.redacted(),
            "postgresql://h/db?user=app&password=***&sslpassword=***&application_name=zdm");
}

TEST(DsnPostgresUri, ParametersOverrideTheAuthority) {
  const Dsn dsn = Dsn::parse("postgresql://h1:1/db1?host=h2&port=2&dbname=db2");
  EXPECT_EQ(dsn.host(), "h2");
  EXPECT_EQ(dsn.port(), 2);
  EXPECT_EQ(dsn.database(), "db2");
}

TEST(DsnPostgresUri, SeveralHostsDescribeTheFirst) {
  const Dsn dsn =
      Dsn::parse("postgresql://u:pw@h1:5432,h2:5433,[::1]:5434/db?target_session_attrs=read-write");
  EXPECT_EQ(dsn.host(), "h1");
  EXPECT_EQ(dsn.port(), 5432);
  EXPECT_EQ(dsn.redacted(),
            "postgresql://u:***@h1:5432,h2:5433,[::1]:5434/db?target_session_attrs=read-write");
}

TEST(DsnPostgresUri, ReadsBracketedIpv6AndSocketDirectories) {
  const Dsn ipv6 = Dsn::parse("postgresql://[2001:db8::1]:5433/db");
  EXPECT_EQ(ipv6.host(), "2001:db8::1");
  EXPECT_EQ(ipv6.port(), 5433);

  const Dsn socket = Dsn::parse("postgresql://%2Fvar%2Frun%2Fpostgresql/db");
  EXPECT_EQ(socket.host(), "/var/run/postgresql");
  EXPECT_FALSE(socket.port().has_value());

  EXPECT_FALSE(Dsn::parse("postgresql://h:/db").port().has_value());
}

TEST(DsnPostgresUri, RefusesBadPortsAndHosts) {
  for (const std::string text :
       {"postgresql://h:0/db", "postgresql://h:65536/db", "postgresql://h:54x/db",
        "postgresql://h:-1/db", "postgresql://h1:1,h2:x/db", "postgresql://h/db?port=abc"}) {
    EXPECT_NE(parse_error(text).find("port must be a number from 1 to 65535"), std::string::npos)
        << text;
  }
  EXPECT_NE(parse_error("postgresql://::1/db").find("IPv6 address must be written in brackets"),
            std::string::npos);
  EXPECT_NE(parse_error("postgresql://[::1/db").find("no closing ']'"), std::string::npos);
  EXPECT_NE(parse_error("postgresql://[::1]x/db").find("expected ':PORT'"), std::string::npos);
}

TEST(DsnPostgresUri, RefusesUnencodedReservedCharactersInThePassword) {
  for (const std::string text :
       {"postgresql://u:a@b@h/db", "postgresql://u:a/b@h/db", "postgresql://u:a?b@h/db",
        "postgresql://u@h/db?application_name=a@b"}) {
    EXPECT_NE(parse_error(text).find("must be written %40, %2F and %3F"), std::string::npos)
        << text;
  }
}

TEST(DsnPostgresUri, RefusesBrokenPercentEncoding) {
  EXPECT_NE(parse_error("postgresql://u:ab%zz@h/db").find("the password has a '%'"),
            std::string::npos);
  EXPECT_NE(parse_error("postgresql://u:ab%4@h/db").find("the password has a '%'"),
            std::string::npos);
  EXPECT_NE(parse_error("postgresql://u%@h/db").find("the user name has a '%'"), std::string::npos);
  EXPECT_NE(parse_error("postgresql://h/d%b").find("the database name has a '%'"),
            std::string::npos);
  EXPECT_NE(parse_error("postgresql://h/db?password=%").find("a parameter value has a '%'"),
            std::string::npos);
}

TEST(DsnPostgresUri, RefusesParametersWithoutValue) {
  EXPECT_NE(parse_error("postgresql://h/db?sslmode").find("every parameter needs a value"),
            std::string::npos);
  EXPECT_EQ(Dsn::parse("postgresql://h/db?&sslmode=disable&").redacted(),
            "postgresql://h/db?&sslmode=disable&");
}

// ---- libpq keyword strings

TEST(DsnKeywords, ReadsEveryPart) {
  const Dsn dsn =
      Dsn::parse("host=db.example.com port=6432 dbname=orders user=app password=s3cret");
  EXPECT_EQ(dsn.driver(), DriverKind::postgres);
  EXPECT_EQ(dsn.host(), "db.example.com");
  EXPECT_EQ(dsn.port(), 6432);
  EXPECT_EQ(dsn.database(), "orders");
  EXPECT_EQ(dsn.user(), "app");
  EXPECT_EQ(dsn.password(), "s3cret");
  EXPECT_EQ(dsn.redacted(), "host=db.example.com port=6432 dbname=orders user=app password=***");
}

TEST(DsnKeywords, RedactsQuotedPasswords) {
  const Dsn dsn = Dsn::parse("password='a b\\'c\\\\d' user=app");
  EXPECT_EQ(dsn.password(), "a b'c\\d");
  EXPECT_EQ(dsn.user(), "app");
  EXPECT_EQ(dsn.redacted(), "password=*** user=app");
}

TEST(DsnKeywords, AllowsSpacesAroundEqualsAndEscapesInPlainValues) {
  const Dsn dsn = Dsn::parse("  host = db\tpassword =  a\\ b   dbname= x  ");
  EXPECT_EQ(dsn.host(), "db");
  EXPECT_EQ(dsn.password(), "a b");
  EXPECT_EQ(dsn.database(), "x");
  EXPECT_EQ(dsn.redacted(), "  host = db\tpassword =  ***   dbname= x  ");
}

TEST(DsnKeywords, RedactsEmptyAndRepeatedPasswordsAndSslPassword) {
  EXPECT_EQ(Dsn::parse("password='' host=h").redacted(), "password=*** host=h");
  const Dsn repeated = Dsn::parse("password=first password=second sslpassword=key");
  EXPECT_EQ(repeated.password(), "second");  // libpq: the last one wins
  EXPECT_EQ(repeated.redacted(), "password=*** password=*** sslpassword=***");
}

TEST(DsnKeywords, WithoutHostUsesHostaddr) {
  const Dsn dsn = Dsn::parse("hostaddr=10.0.0.5 port=5432,5433");
  EXPECT_EQ(dsn.host(), "10.0.0.5");
  EXPECT_EQ(dsn.port(), 5432);
}

TEST(DsnKeywords, UnknownKeywordsAreLeftToLibpq) {
  const Dsn dsn = Dsn::parse("service=prod connect_timeout=5");
  EXPECT_EQ(dsn.redacted(), "service=prod connect_timeout=5");
  EXPECT_FALSE(dsn.has_password());
}

TEST(DsnKeywords, RefusesMalformedStrings) {
  EXPECT_NE(parse_error("host=h lonely").find("a word without '='"), std::string::npos);
  EXPECT_NE(parse_error("=x").find("expected a keyword before '='"), std::string::npos);
  EXPECT_NE(parse_error("host=h password='open").find("no closing quote"), std::string::npos);
  EXPECT_NE(parse_error("host=h port=http").find("port must be a number"), std::string::npos);
}

// ---- MySQL URIs

TEST(DsnMysql, ReadsEveryPart) {
  const Dsn dsn = Dsn::parse("mysql://zdm:s3cret@db.example.com:3307/shop?ssl-mode=REQUIRED");
  EXPECT_EQ(dsn.driver(), DriverKind::mysql);
  EXPECT_EQ(dsn.host(), "db.example.com");
  EXPECT_EQ(dsn.port(), 3307);
  EXPECT_EQ(dsn.user(), "zdm");
  EXPECT_EQ(dsn.password(), "s3cret");
  EXPECT_EQ(dsn.database(), "shop");
  EXPECT_EQ(dsn.ssl_mode(), SslMode::required);
  EXPECT_EQ(dsn.redacted(), "mysql://zdm:***@db.example.com:3307/shop?ssl-mode=REQUIRED");
}

TEST(DsnMysql, DefaultsToLoopbackAnd3306) {
  const Dsn dsn = Dsn::parse("mysql://zdm@/shop");
  EXPECT_EQ(dsn.host(), "127.0.0.1");
  EXPECT_EQ(dsn.port(), 3306);
  EXPECT_FALSE(dsn.has_password());
  EXPECT_FALSE(dsn.ssl_mode().has_value());

  const Dsn no_database = Dsn::parse("mysql://zdm:pw@db");
  EXPECT_EQ(no_database.host(), "db");
  EXPECT_EQ(no_database.database(), "");
  EXPECT_EQ(no_database.redacted(), "mysql://zdm:***@db");
}

TEST(DsnMysql, DecodesUserAndPassword) {
  const Dsn dsn = Dsn::parse("mysql://us%65r:p%40ss%3Aw%2Frd%25%3F@h/db");
  EXPECT_EQ(dsn.user(), "user");
  EXPECT_EQ(dsn.password(), "p@ss:w/rd%?");
  EXPECT_EQ(dsn.redacted(), "mysql://us%65r:***@h/db");
}

TEST(DsnMysql, ReadsBracketedIpv6) {
  const Dsn dsn = Dsn::parse("mysql://u@[::1]:3310/db");
  EXPECT_EQ(dsn.host(), "::1");
  EXPECT_EQ(dsn.port(), 3310);
}

TEST(DsnMysql, ReadsEverySslModeInAnyCase) {
  const std::vector<std::pair<std::string, SslMode>> cases{
      {"DISABLED", SslMode::disabled},
      {"preferred", SslMode::preferred},
      {"Required", SslMode::required},
      {"verify_ca", SslMode::verify_ca},
      {"VERIFY_IDENTITY", SslMode::verify_identity}};
  for (const auto& [written, mode] : cases) {
    EXPECT_EQ(Dsn::parse("mysql://u@h/db?ssl-mode=" + written).ssl_mode(), mode) << written;
    EXPECT_FALSE(to_string(mode).empty());
  }
}

TEST(DsnMysql, RefusesBadSslModes) {
  EXPECT_NE(parse_error("mysql://u@h/db?ssl-mode=ON").find("ssl-mode must be one of DISABLED"),
            std::string::npos);
  EXPECT_NE(parse_error("mysql://u@h/db?ssl-mode=").find("ssl-mode must be one of"),
            std::string::npos);
  EXPECT_NE(parse_error("mysql://u@h/db?ssl-mode=REQUIRED&ssl-mode=DISABLED").find("given twice"),
            std::string::npos);
}

TEST(DsnMysql, RefusesUnknownParameters) {
  const std::string error = parse_error("mysql://u@h/db?sslmode=REQUIRED");
  EXPECT_NE(error.find("unknown parameter \"sslmode\""), std::string::npos) << error;
  EXPECT_NE(error.find("ssl-mode=DISABLED|PREFERRED"), std::string::npos) << error;
  EXPECT_NE(parse_error("mysql://u@h/db?charset=utf8").find("\"charset\""), std::string::npos);
  EXPECT_NE(parse_error("mysql://u@h/db?ssl-mode").find("every parameter needs a value"),
            std::string::npos);
}

TEST(DsnMysql, RefusesMissingUserAndSeveralHosts) {
  EXPECT_NE(parse_error("mysql://h/db").find("needs a user"), std::string::npos);
  EXPECT_NE(parse_error("mysql://:pw@h/db").find("needs a user"), std::string::npos);
  EXPECT_NE(parse_error("mysql://u@h1,h2/db").find("one host"), std::string::npos);
  EXPECT_NE(parse_error("mysql://u@h:3306x/db").find("port must be a number"), std::string::npos);
}

// ---- Forms, schemes, errors

TEST(DsnForms, RefusesEmptyAndUnknownText) {
  EXPECT_NE(parse_error("").find("the DSN is empty"), std::string::npos);
  EXPECT_NE(parse_error("  \t").find("the DSN is empty"), std::string::npos);
  EXPECT_NE(parse_error("db.example.com").find("expected postgresql://"), std::string::npos);
  EXPECT_NE(parse_error("mariadb://u@h/db").find("unknown scheme \"mariadb\""), std::string::npos);
  EXPECT_NE(parse_error("mariadb://u@h/db").find("mysql:// for MariaDB too"), std::string::npos);
  EXPECT_NE(parse_error("http://h/db").find("unknown scheme \"http\""), std::string::npos);
}

TEST(DsnForms, ErrorsAreInvalidArgumentsNamingTheDsn) {
  EXPECT_THROW(Dsn::parse("mysql://h/db"), std::invalid_argument);
  EXPECT_EQ(parse_error("mysql://h/db").rfind("invalid DSN: ", 0), 0u);
}

TEST(DsnForms, DriverAndSslModeNames) {
  EXPECT_EQ(to_string(DriverKind::postgres), "postgres");
  EXPECT_EQ(to_string(DriverKind::mysql), "mysql");
  EXPECT_EQ(to_string(SslMode::verify_identity), "VERIFY_IDENTITY");
}

// Every parse error, whatever went wrong, must leave the password out of its message.
TEST(DsnForms, ParseErrorsNeverShowThePassword) {
  const std::vector<std::string> broken{
      "mysql://u:Sup3r/S3cret@h/db",
      "mysql://u:Sup3r@S3cret@h/db",
      "mysql://u:Sup3r?S3cret@h/db",
      "mysql://u:Sup3r%zzS3cret@h/db",
      "mysql://u:Sup3rS3cret@h:port/db",
      "mysql://u:Sup3rS3cret@h:Sup3rS3cret/db",
      "mysql://u:Sup3rS3cret@h/db?ssl-mode=Sup3rS3cret",
      "mysql://u:Sup3rS3cret@h/db?Sup3rS3cret",
      "mysql://u:Sup3rS3cret@h/db?x=Sup3rS3cret",
      "mysql://u:Sup3rS3cret@h/db?Sup3r%20S3cret=1",
      "mysql://u:Sup3rS3cret@h1,h2/db",
      "mysql://:Sup3rS3cret@h/db",
      "mysqlx://u:Sup3rS3cret@h/db",
      "postgresql://u:Sup3rS3cret@[::1/db",
      "postgresql://u:Sup3rS3cret@h:70000/db",
      "postgresql://u:Sup3r S3cret@h/d%b",
      "postgresql://h/db?password=Sup3r%S3cret",
      "postgresql://u@h:Sup3rS3cret/db",
      "host=h password=Sup3r S3cret",
      "host=h password='Sup3r S3cret",
      "host=h password=Sup3rS3cret port=Sup3rS3cret",
      "Sup3rS3cret",
      "Sup3r S3cret",
  };
  for (const std::string& text : broken) {
    const std::string error = parse_error(text);
    EXPECT_FALSE(error.empty()) << "accepted: " << text;
    EXPECT_EQ(error.find("Sup3r"), std::string::npos) << error;
    EXPECT_EQ(error.find("S3cret"), std::string::npos) << error;
  }
}

// ---- with_database, scrub

TEST(DsnWithDatabase, ReplacesTheUriPathAndKeepsEverythingElse) {
  const Dsn dsn = Dsn::parse("postgresql://u:pw@h:5433/old?sslmode=disable");
  const Dsn moved = dsn.with_database("zdm_t_1");
  EXPECT_EQ(moved.text(), "postgresql://u:pw@h:5433/zdm_t_1?sslmode=disable");
  EXPECT_EQ(moved.database(), "zdm_t_1");
  EXPECT_EQ(moved.password(), "pw");
  EXPECT_EQ(moved.redacted(), "postgresql://u:***@h:5433/zdm_t_1?sslmode=disable");
}

TEST(DsnWithDatabase, InsertsAMissingPathAndEncodesTheName) {
  EXPECT_EQ(Dsn::parse("postgresql://u@h:1").with_database("x").text(), "postgresql://u@h:1/x");
  EXPECT_EQ(Dsn::parse("postgresql://u@h?sslmode=disable").with_database("x").text(),
            "postgresql://u@h/x?sslmode=disable");
  const Dsn odd = Dsn::parse("postgresql://h/").with_database("a b/c");
  EXPECT_EQ(odd.text(), "postgresql://h/a%20b%2Fc");
  EXPECT_EQ(odd.database(), "a b/c");
}

TEST(DsnWithDatabase, ReplacesADbnameParameter) {
  EXPECT_EQ(Dsn::parse("postgresql://h/a?dbname=b").with_database("c").text(),
            "postgresql://h/a?dbname=c");
}

TEST(DsnWithDatabase, ReplacesOrAddsTheDbnameKeyword) {
  const Dsn replaced = Dsn::parse("host=h dbname=old user=u").with_database("o'k");
  EXPECT_EQ(replaced.text(), "host=h dbname='o\\'k' user=u");
  EXPECT_EQ(replaced.database(), "o'k");
  const Dsn added = Dsn::parse("host=h password='p w'").with_database("new");
  EXPECT_EQ(added.text(), "host=h password='p w' dbname='new'");
  EXPECT_EQ(added.database(), "new");
  EXPECT_EQ(added.password(), "p w");
}

TEST(DsnWithDatabase, WorksForMysql) {
  const Dsn moved = Dsn::parse("mysql://u:pw@h:3307/a?ssl-mode=DISABLED").with_database("b");
  EXPECT_EQ(moved.text(), "mysql://u:pw@h:3307/b?ssl-mode=DISABLED");
  EXPECT_EQ(moved.database(), "b");
  EXPECT_EQ(Dsn::parse("mysql://u@h").with_database("b").text(), "mysql://u@h/b");
}

TEST(DsnWithDatabase, RefusesAnEmptyName) {
  EXPECT_THROW(Dsn::parse("mysql://u@h/a").with_database(""), DsnError);
}

TEST(DsnScrub, ReplacesThePasswordDecodedAndAsWritten) {
  const Dsn dsn = Dsn::parse("postgresql://u:p%40ss@h/db");
  EXPECT_EQ(dsn.scrub("bad p@ss and p%40ss here"), "bad *** and *** here");
  const Dsn quoted = Dsn::parse("password='a b' host=h");
  EXPECT_EQ(quoted.scrub("got 'a b' then a b"), "got *** then ***");
  const Dsn none = Dsn::parse("mysql://u@h/db");
  EXPECT_EQ(none.scrub("nothing to hide"), "nothing to hide");
}

}  // namespace
}  // namespace zdm::db
