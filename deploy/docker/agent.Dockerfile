# Hsm.Agent: build from the repository root with
#   docker build -f deploy/docker/agent.Dockerfile -t lvextend/agent .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# For linux-x64 (amd64, like the Debian packages): ReadyToRun compiled (Hsm.Agent.csproj).
RUN dotnet publish src/Hsm.Agent/Hsm.Agent.csproj -c Release -r linux-x64 --self-contained false -o /out \
 && dotnet publish src/Lvx/Lvx.csproj -c Release -o /out/lvx

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# lvm2 for `lvchange --refresh` (the lvm backend); util-linux for losetup (the loop backend).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends lvm2 util-linux \
 && rm -rf /var/lib/apt/lists/*
ENV LVM_SUPPRESS_FD_WARNINGS=1 \
    ASPNETCORE_ENVIRONMENT=Production
COPY --from=build /out /app
RUN ln -s /app/lvx/lvx /usr/local/bin/lvx
WORKDIR /app
EXPOSE 7412 7413
ENTRYPOINT ["/app/Hsm.Agent"]
