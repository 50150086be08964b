# syntax=docker/dockerfile:1
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# npm restores the pinned Chart.js files named in libman.json during the build.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Directory.Build.props Dashboard.sln libman.json ./
COPY build/ build/
COPY Dashboard/Dashboard.csproj Dashboard/
RUN dotnet restore Dashboard/Dashboard.csproj
COPY Dashboard/ Dashboard/
RUN dotnet publish Dashboard/Dashboard.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
# tzdata: tenants' business days follow IANA time zones (Tenants:{tenant}:TimeZone, docs/metrics.md §1).
RUN apt-get update && apt-get install -y --no-install-recommends curl tzdata && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8080
# The image's built-in non-root user (uid 1654).
USER app
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 CMD curl -fsS http://localhost:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "Dashboard.dll"]
