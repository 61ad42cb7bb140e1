# Spm.Coordinator: build from the repository root with
#   docker build -f deploy/docker/coordinator.Dockerfile -t lvextend/coordinator .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# For linux-x64 (amd64, like the Debian packages): ReadyToRun compiled (Spm.Coordinator.csproj).
RUN dotnet publish src/Spm.Coordinator/Spm.Coordinator.csproj -c Release -r linux-x64 --self-contained false -o /out \
 && dotnet publish src/Lvx/Lvx.csproj -c Release -o /out/lvx

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# lvm2: the coordinator runs lvextend/vgextend/pvcreate with --driverloaded n on the pool's PVs.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends lvm2 \
 && rm -rf /var/lib/apt/lists/*
ENV LVM_SUPPRESS_FD_WARNINGS=1 \
    ASPNETCORE_ENVIRONMENT=Production
COPY --from=build /out /app
RUN ln -s /app/lvx/lvx /usr/local/bin/lvx
WORKDIR /app
EXPOSE 7411 7414
ENTRYPOINT ["/app/Spm.Coordinator"]
