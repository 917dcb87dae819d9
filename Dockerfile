# Multi-stage build of the silo host and the CLI. Both final images run as the non-root user
# the .NET images define ($APP_UID). global.json is left out on purpose: it pins this repo's
# development SDK band, and the image's SDK 10 builds the same code.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN dotnet publish src/Silo/Orleans.Dispatch.Silo.csproj -c Release -o /out/silo \
 && dotnet publish src/Cli/Orleans.Dispatch.Cli.csproj -c Release -o /out/cli

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS silo
WORKDIR /app
COPY --from=build /out/silo .
USER $APP_UID
# Silo-to-silo, gateway (clients), HTTP (/health and the dashboard).
EXPOSE 11111 30000 8080
ENTRYPOINT ["dotnet", "Orleans.Dispatch.Silo.dll"]

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS client
WORKDIR /app
COPY --from=build /out/cli .
USER $APP_UID
ENTRYPOINT ["dotnet", "Orleans.Dispatch.Cli.dll"]
